/** No registered factory knows how to build this agent on this host. */
export class UnknownAgentError extends Error {
  constructor(
    readonly hostId: string,
    readonly agentId: string,
  ) {
    super(`host ${hostId} has no factory for agent ${agentId}`);
    this.name = 'UnknownAgentError';
  }
}

/** The agent id already runs on this host; a second one would share its inboxes. */
export class AgentAlreadyRunningError extends Error {
  constructor(
    readonly hostId: string,
    readonly agentId: string,
  ) {
    super(`agent ${agentId} already runs on host ${hostId}`);
    this.name = 'AgentAlreadyRunningError';
  }
}

/** The host's connection is down (a partition); agents cannot be started until it is back. */
export class HostDisconnectedError extends Error {
  constructor(readonly hostId: string) {
    super(`host ${hostId} is disconnected from NATS`);
    this.name = 'HostDisconnectedError';
  }
}
