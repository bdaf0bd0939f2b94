import type { LatencyRepetition } from '../framework/repetition';
import { DegenerateBaselineError, summarizeComparison } from './summarize-comparison';

function latencies(...values: number[]): LatencyRepetition {
  return { latenciesMs: values };
}

describe('summarizeComparison', () => {
  it('turns throughput repetitions into msg/s spreads and divides the medians', () => {
    const summary = summarizeComparison({
      kind: 'throughput',
      baseline: {
        label: 'raw',
        repetitions: [
          { messages: 1000, elapsedMs: 10 },
          { messages: 1000, elapsedMs: 5 },
          { messages: 1000, elapsedMs: 20 },
        ],
      },
      subject: {
        label: 'wrapped',
        repetitions: [
          { messages: 1000, elapsedMs: 40 },
          { messages: 1000, elapsedMs: 20 },
          { messages: 1000, elapsedMs: 25 },
        ],
      },
    });
    expect(summary.baseline.metrics.msgsPerSecond?.median).toBe(100_000);
    expect(summary.baseline.metrics.msgsPerSecond?.max).toBe(200_000);
    expect(summary.subject.metrics.msgsPerSecond?.median).toBe(40_000);
    expect(summary.ratios.msgsPerSecond).toBeCloseTo(0.4, 10);
    expect(summary.subject.workPerRepetition).toEqual({ min: 1000, max: 1000 });
    expect(summary.subject.repetitions).toBe(3);
    expect(summary.subject.pooledLatency).toBeUndefined();
  });

  it('takes p50 and p99 per repetition, spreads them, and pools all round trips', () => {
    const summary = summarizeComparison({
      kind: 'latency',
      baseline: { label: 'raw', repetitions: [latencies(1, 1, 1, 1, 1), latencies(1, 1, 1, 1, 1)] },
      subject: { label: 'nest', repetitions: [latencies(2, 2, 2, 2, 2), latencies(4, 4, 4, 4, 100)] },
    });
    expect(summary.subject.metrics.p50Ms?.values).toEqual([2, 4]);
    expect(summary.subject.metrics.p50Ms?.median).toBe(3);
    expect(summary.subject.metrics.p99Ms?.values[1]).toBeCloseTo(96.16, 10);
    expect(summary.ratios.p50Ms).toBe(3);
    expect(summary.subject.pooledLatency).toEqual({ roundTrips: 10, p50Ms: 3, p99Ms: expect.any(Number) });
    expect(summary.subject.pooledLatency?.p99Ms).toBeCloseTo(91.36, 10);
    expect(summary.subject.metrics.msgsPerSecond).toBeUndefined();
    expect(summary.subject.workPerRepetition).toEqual({ min: 5, max: 5 });
  });

  it('refuses to form a ratio against a baseline whose median is zero', () => {
    expect(() =>
      summarizeComparison({
        kind: 'latency',
        baseline: { label: 'broken', repetitions: [latencies(0, 0, 0)] },
        subject: { label: 'nest', repetitions: [latencies(1, 1, 1)] },
      }),
    ).toThrow(DegenerateBaselineError);
  });
});
