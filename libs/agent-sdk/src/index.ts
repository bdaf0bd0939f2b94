// Public surface of @warden/agent-sdk: what an agent process embeds (framework-free).
export { startAgent, type StartAgentOptions } from './agent/start-agent';
export type { AgentEvents, AgentHandle, StopOptions } from './agent/agent-handle';
export { InvalidAgentOptionsError, type AgentSpec } from './agent/agent-options';
export { TooManyDependenciesDownError } from './heartbeat/dependencies-down';

export { AgentHost, type AgentHostEvents, type AgentHostOptions } from './host/agent-host';
export type { AgentDefinition, AgentFactory } from './host/agent-factory';
export { AgentAlreadyRunningError, HostDisconnectedError, UnknownAgentError } from './host/host-errors';

export type { TaskContext, TaskHandler } from './tasks/task-handler';
export { TaskCancelledError, TaskFailedError, TaskTimedOutError } from './tasks/task-execution-errors';
export { AgentNotAcceptingTasksError, AgentOverloadedError, TaskAbandonedError } from './tasks/task-errors';

export { LoadMeter, type LoadFigures, type ResourceSampler } from './load/load-meter';
export { SharedResourceSampler } from './load/shared-resource-sampler';
export { containerMemoryLimitBytes } from './load/process-usage';
export { AgentLifecycleMachine, InvalidLifecycleTransitionError } from './lifecycle/agent-lifecycle-machine';
export {
  PeriodicScheduler,
  type CancelJob,
  type PeriodicSchedulerOptions,
} from './scheduling/periodic-scheduler';

export { elect, DEFAULT_ELECTION_TTL_MS, type ElectOptions, type LeaderHandle } from './election/elect';
export { openFencedResources } from './fencing/open-fenced-resources';
export {
  FencedResources,
  StaleFencingTokenError,
  type FencedEntry,
  type FencedResourcesOptions,
} from '@warden/messaging';
export { compareBallots } from './consensus/ballot-order';
export type { AcceptorState, AcceptorStore } from './consensus/acceptor-store';
export { PaxosAcceptor, type AcceptedReply, type PromiseReply } from './consensus/paxos-acceptor';
export { KvAcceptorStore, acceptorKey } from './consensus/kv-acceptor-store';
export { serveConsensusAcceptor } from './consensus/consensus-acceptor-service';
export { serveVotes, type VoteDecider } from './votes/serve-votes';

// For simulators and deterministic tests: one seeded generator, so a seed means the same run everywhere.
export { SeededRandom } from './simulation/seeded-random';
