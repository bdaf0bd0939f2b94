/** No routable agent could take the task before its deadline (or the wait queue is full). */
export class NoAgentAvailableError extends Error {
  readonly code = 'unavailable';
  constructor(
    readonly taskId: string,
    readonly detail: string,
  ) {
    super(`no agent available for task ${taskId}: ${detail}`);
    this.name = 'NoAgentAvailableError';
  }
}

/** The task's deadline passed with no result from any attempt. */
export class TaskDeadlineExceededError extends Error {
  readonly code = 'timeout';
  constructor(
    readonly taskId: string,
    readonly timeoutMs: number,
    readonly attempts: number,
  ) {
    super(`task ${taskId} had no result within ${timeoutMs} ms (${attempts} attempts)`);
    this.name = 'TaskDeadlineExceededError';
  }
}

/** Why one attempt ended without a result; decides whether the breaker counts it and whether to retry. */
export type AttemptFailureKind =
  | 'refused' // the agent said no (overloaded, draining): not its fault, try another
  | 'unreachable' // no responder or no receipt in time
  | 'no-result' // accepted, but no result before the attempt's deadline
  | 'lost'; // a failure event or hand-off for the agent: reassign at once

export class AttemptFailedError extends Error {
  constructor(
    readonly kind: AttemptFailureKind,
    readonly agentId: string,
    detail: string,
  ) {
    super(`${kind} on ${agentId}: ${detail}`);
    this.name = 'AttemptFailedError';
  }
}
