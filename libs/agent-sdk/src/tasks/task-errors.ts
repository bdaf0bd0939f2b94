/** The agent is not taking tasks now (starting, paused, draining or stopping). The sender should route elsewhere. */
export class AgentNotAcceptingTasksError extends Error {
  readonly code = 'not-accepting';
  constructor(
    readonly agentId: string,
    readonly reason: string,
  ) {
    super(`agent ${agentId} is not accepting tasks: ${reason}`);
    this.name = 'AgentNotAcceptingTasksError';
  }
}

/** Every slot is busy and the queue is full. */
export class AgentOverloadedError extends Error {
  readonly code = 'overloaded';
  constructor(
    readonly agentId: string,
    readonly queueLimit: number,
  ) {
    super(`agent ${agentId} is overloaded: ${queueLimit} tasks already queued`);
    this.name = 'AgentOverloadedError';
  }
}

/** A queued task that was dropped because the agent stopped before starting it. */
export class TaskAbandonedError extends Error {
  readonly code = 'abandoned';
  constructor(readonly taskId: string) {
    super(`task ${taskId} was not started: the agent stopped`);
    this.name = 'TaskAbandonedError';
  }
}
