import type { MetricName } from '../framework/metric';
import type { Comparison, LatencyRepetition, Series, ThroughputRepetition } from '../framework/repetition';
import { quantile, quantileOfSorted, sortedAscending, spreadOf } from '../statistics';
import type { ComparisonSummary, SideSummary } from './run-report';

/** A side whose baseline median is zero has no meaningful ratio; that only happens when nothing was measured. */
export class DegenerateBaselineError extends Error {
  constructor(
    readonly metric: MetricName,
    readonly baselineLabel: string,
  ) {
    super(`baseline "${baselineLabel}" has a zero median for ${metric}; no ratio can be formed`);
    this.name = 'DegenerateBaselineError';
  }
}

function rangeOf(values: readonly number[]): SideSummary['workPerRepetition'] {
  return { min: Math.min(...values), max: Math.max(...values) };
}

function summarizeLatency(series: Series<LatencyRepetition>): SideSummary {
  const pooled = sortedAscending(series.repetitions.flatMap((repetition) => repetition.latenciesMs));
  return {
    label: series.label,
    metrics: {
      p50Ms: spreadOf(series.repetitions.map((repetition) => quantile(repetition.latenciesMs, 0.5))),
      p99Ms: spreadOf(series.repetitions.map((repetition) => quantile(repetition.latenciesMs, 0.99))),
    },
    pooledLatency: {
      roundTrips: pooled.length,
      p50Ms: quantileOfSorted(pooled, 0.5),
      p99Ms: quantileOfSorted(pooled, 0.99),
    },
    repetitions: series.repetitions.length,
    workPerRepetition: rangeOf(series.repetitions.map((repetition) => repetition.latenciesMs.length)),
  };
}

function summarizeThroughput(series: Series<ThroughputRepetition>): SideSummary {
  return {
    label: series.label,
    metrics: {
      msgsPerSecond: spreadOf(
        series.repetitions.map((repetition) => (repetition.messages * 1000) / repetition.elapsedMs),
      ),
    },
    repetitions: series.repetitions.length,
    workPerRepetition: rangeOf(series.repetitions.map((repetition) => repetition.messages)),
  };
}

function ratiosOf(subject: SideSummary, baseline: SideSummary): ComparisonSummary['ratios'] {
  const ratios: ComparisonSummary['ratios'] = {};
  for (const metric of Object.keys(subject.metrics) as MetricName[]) {
    const subjectSpread = subject.metrics[metric];
    const baselineSpread = baseline.metrics[metric];
    if (!subjectSpread || !baselineSpread) continue;
    if (baselineSpread.median === 0) throw new DegenerateBaselineError(metric, baseline.label);
    ratios[metric] = subjectSpread.median / baselineSpread.median;
  }
  return ratios;
}

export function summarizeComparison(comparison: Comparison): ComparisonSummary {
  const [baseline, subject] =
    comparison.kind === 'latency'
      ? [summarizeLatency(comparison.baseline), summarizeLatency(comparison.subject)]
      : [summarizeThroughput(comparison.baseline), summarizeThroughput(comparison.subject)];
  return { kind: comparison.kind, baseline, subject, ratios: ratiosOf(subject, baseline) };
}
