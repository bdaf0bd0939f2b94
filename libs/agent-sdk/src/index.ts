// Public surface of @warden/agent-sdk: what an agent process embeds (framework-free).
export { startAgent, type StartAgentOptions } from './agent/start-agent';
export type { AgentEvents, AgentHandle, StopOptions } from './agent/agent-handle';
export { InvalidAgentOptionsError, type AgentSpec } from './agent/agent-options';

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
