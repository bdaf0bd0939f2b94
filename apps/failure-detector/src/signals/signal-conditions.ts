import type { ObservedMetric } from '@warden/contracts';
import type { HeartbeatFigures } from './heartbeat-figures';
import { fitLinearTrend, type MemorySample } from './memory-trend';
import type {
  HighErrorRateRule,
  HighLatencyRule,
  MemoryLeakRule,
  ResourceExhaustionRule,
} from './signal-rule-settings';

/** A condition that holds on one heartbeat: which figure, its value, the threshold it crossed, and why. */
export interface HoldingCondition {
  /** Absent for a condition that is no threshold on a figure (a dependency reported down). */
  metric?: ObservedMetric;
  value: number;
  threshold: number;
  note: string;
}

/** The agent's own checks found dependencies it cannot use; `value` is how many. */
export function dependenciesDown(beat: HeartbeatFigures): HoldingCondition | undefined {
  const down = beat.dependenciesDown ?? [];
  if (down.length === 0) return undefined;
  return {
    value: down.length,
    threshold: 0,
    note: `dependencies reported down: ${down.join(', ')}`,
  };
}

export function highErrorRate(rule: HighErrorRateRule, beat: HeartbeatFigures): HoldingCondition | undefined {
  if (beat.errorRatio <= rule.errorRatioAbove) return undefined;
  if (beat.tasksCompleted + beat.tasksFailed < rule.minFinishedTasks) return undefined;
  return {
    metric: 'errorRatio',
    value: beat.errorRatio,
    threshold: rule.errorRatioAbove,
    note: `errorRatio ${beat.errorRatio} > ${rule.errorRatioAbove} (${beat.tasksFailed} of ${beat.tasksCompleted + beat.tasksFailed} tasks failed in this incarnation)`,
  };
}

export function highLatency(rule: HighLatencyRule, beat: HeartbeatFigures): HoldingCondition | undefined {
  if (beat.latencyEwmaMs <= rule.latencyEwmaMsAbove) return undefined;
  return {
    metric: 'latencyEwmaMs',
    value: beat.latencyEwmaMs,
    threshold: rule.latencyEwmaMsAbove,
    note: `task latency EWMA ${beat.latencyEwmaMs} ms over the ${rule.latencyEwmaMsAbove} ms SLO`,
  };
}

export function resourceExhaustion(
  rule: ResourceExhaustionRule,
  beat: HeartbeatFigures,
): HoldingCondition | undefined {
  if (beat.cpuRatio > rule.cpuRatioAbove) {
    return {
      metric: 'cpuRatio',
      value: beat.cpuRatio,
      threshold: rule.cpuRatioAbove,
      note: `CPU at ${beat.cpuRatio} of its allotment (> ${rule.cpuRatioAbove})`,
    };
  }
  if (beat.memoryLimitBytes && beat.memoryBytes > beat.memoryLimitBytes * rule.memoryRatioAbove) {
    const threshold = Math.round(beat.memoryLimitBytes * rule.memoryRatioAbove);
    return {
      metric: 'memoryBytes',
      value: beat.memoryBytes,
      threshold,
      note: `memory ${beat.memoryBytes} B above ${rule.memoryRatioAbove} of the ${beat.memoryLimitBytes} B limit`,
    };
  }
  if (beat.queueDepth > rule.queueDepthAbove) {
    return {
      metric: 'queueDepth',
      value: beat.queueDepth,
      threshold: rule.queueDepthAbove,
      note: `${beat.queueDepth} tasks queued (> ${rule.queueDepthAbove})`,
    };
  }
  return undefined;
}

/**
 * Memory rising toward its limit: the least-squares line through the window's samples is steep and
 * straight enough that it reaches the limit within the horizon.
 */
export function memoryLeak(
  rule: MemoryLeakRule,
  samples: readonly MemorySample[],
  limitBytes: number | undefined,
): HoldingCondition | undefined {
  if (!limitBytes || samples.length < rule.minSamples) return undefined;
  const trend = fitLinearTrend(samples);
  if (!trend || trend.spanMs < rule.minSpanMs || trend.slope <= 0 || trend.rSquared < rule.minRSquared)
    return undefined;
  const msToLimit = Math.max(0, (limitBytes - trend.fittedBytesNow) / trend.slope);
  if (msToLimit > rule.horizonMs) return undefined;
  const current = samples[samples.length - 1].bytes;
  const bytesPerMinute = Math.round(trend.slope * 60_000);
  return {
    metric: 'memoryBytes',
    value: current,
    threshold: limitBytes,
    note:
      `memory rising ${bytesPerMinute} B/min (r² ${trend.rSquared.toFixed(3)} over ${Math.round(trend.spanMs / 1000)} s, ` +
      `${samples.length} samples); reaches the ${limitBytes} B limit in about ${Math.round(msToLimit / 1000)} s`,
  };
}

/** In-flight work and no task finished since the previous heartbeat. */
export function noProgress(
  beat: HeartbeatFigures,
  finishedBefore: number | undefined,
): HoldingCondition | undefined {
  if (beat.inFlightTasks === 0 || finishedBefore === undefined) return undefined;
  if (beat.tasksCompleted + beat.tasksFailed !== finishedBefore) return undefined;
  return {
    metric: 'inFlightTasks',
    value: beat.inFlightTasks,
    threshold: 0,
    note: `${beat.inFlightTasks} tasks in flight and none finished (${finishedBefore} finished in this incarnation)`,
  };
}
