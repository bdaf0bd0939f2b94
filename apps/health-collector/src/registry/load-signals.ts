import type { HeartbeatLoadFigures } from '@warden/contracts';

/** The figures of one heartbeat that health is judged on, each as a number comparable to a threshold. */
export type LoadFigures = HeartbeatLoadFigures;

export interface LoadSignals {
  errorRatio: number;
  latencyEwmaMs: number;
  cpuRatio: number;
  /** Undefined when the agent reports no memory limit. */
  memoryRatio?: number;
  saturation: number;
}

export function loadSignals(load: LoadFigures): LoadSignals {
  const waiting = load.inFlightTasks + load.queueDepth;
  return {
    errorRatio: load.errorRatio,
    latencyEwmaMs: load.latencyEwmaMs,
    cpuRatio: load.cpuRatio,
    memoryRatio: load.memoryLimitBytes ? load.memoryBytes / load.memoryLimitBytes : undefined,
    // An agent with no capacity that still holds work is as saturated as it can get.
    saturation: load.capacity > 0 ? waiting / load.capacity : waiting > 0 ? Number.POSITIVE_INFINITY : 0,
  };
}
