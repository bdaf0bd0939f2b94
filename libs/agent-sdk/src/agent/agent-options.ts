import type { Logger } from '@warden/telemetry';
import type { LoadFigures, ResourceSampler } from '../load/load-meter';
import type { PeriodicScheduler } from '../scheduling/periodic-scheduler';

/** What an agent is: its identity, its capacity and how often it beats. */
export interface AgentSpec {
  id: string;
  hostId: string;
  zone: string;
  capabilities: readonly string[];
  /** Tasks run at once. */
  capacity: number;
  heartbeatIntervalMs: number;
  /** Tasks waiting for a slot before new ones are refused as overloaded; defaults to the capacity. */
  queueLimit?: number;
  /** Figures to report instead of the measured ones from the start (simulation). */
  figures?: Partial<LoadFigures>;
  /** Publish each dispatched task's TaskResult to JetStream on `coordination.tasks.result.<id>`; default true. */
  publishTaskResults?: boolean;
  /** Finished task ids remembered so a redelivery does not run a task again; default 1,000. */
  rememberedTasks?: number;
}

/** What an agent shares with the other agents of its process. */
export interface AgentRuntime {
  logger: Logger;
  scheduler: PeriodicScheduler;
  resources: ResourceSampler;
}

export class InvalidAgentOptionsError extends Error {
  constructor(
    readonly agentId: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`agent ${agentId}: ${field} ${problem}`);
    this.name = 'InvalidAgentOptionsError';
  }
}
