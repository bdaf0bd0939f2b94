import type { HeartbeatFigures } from './heartbeat-figures';

/** Healthy figures: every rule's condition is false on these. */
export function healthyFigures(overrides: Partial<HeartbeatFigures> = {}): HeartbeatFigures {
  return {
    cpuRatio: 0.2,
    memoryBytes: 100_000_000,
    memoryLimitBytes: 1_000_000_000,
    latencyEwmaMs: 20,
    errorRatio: 0,
    inFlightTasks: 0,
    queueDepth: 0,
    tasksCompleted: 100,
    tasksFailed: 0,
    sequence: 1,
    ...overrides,
  };
}
