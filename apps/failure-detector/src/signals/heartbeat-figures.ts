import type { Heartbeat } from '@warden/contracts';

/** The heartbeat fields the signal rules read. */
export type HeartbeatFigures = Pick<
  Heartbeat,
  | 'cpuRatio'
  | 'memoryBytes'
  | 'memoryLimitBytes'
  | 'latencyEwmaMs'
  | 'errorRatio'
  | 'inFlightTasks'
  | 'queueDepth'
  | 'tasksCompleted'
  | 'tasksFailed'
  | 'sequence'
  | 'dependenciesDown'
>;
