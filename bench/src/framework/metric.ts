/** Per-repetition metrics: latency percentiles of one repetition's round trips, or its message rate. */
export type MetricName = 'p50Ms' | 'p99Ms' | 'msgsPerSecond';

export interface MetricDefinition {
  unit: string;
  /** Which way is better, so a reader knows whether a ratio above 1 is a gain or a loss. */
  better: 'lower' | 'higher';
}

export const METRICS: Readonly<Record<MetricName, MetricDefinition>> = {
  p50Ms: { unit: 'ms', better: 'lower' },
  p99Ms: { unit: 'ms', better: 'lower' },
  msgsPerSecond: { unit: 'msg/s', better: 'higher' },
};
