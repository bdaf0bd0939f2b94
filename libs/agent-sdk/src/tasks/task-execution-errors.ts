/** Thrown by a task handler to report a failure with its own code and whether a retry may succeed. */
export class TaskFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'TaskFailedError';
  }
}

/** The task did not finish within the dispatch's `timeoutMs`; its handler was asked to abort. */
export class TaskTimedOutError extends Error {
  readonly code = 'timed-out';
  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
  ) {
    super(`task ${taskId} did not finish within ${timeoutMs} ms`);
    this.name = 'TaskTimedOutError';
  }
}

/** The agent stopped while the task ran and the grace period ran out; its handler was asked to abort. */
export class TaskCancelledError extends Error {
  readonly code = 'cancelled';
  constructor(readonly taskId: string) {
    super(`task ${taskId} was cancelled: the agent stopped`);
    this.name = 'TaskCancelledError';
  }
}
