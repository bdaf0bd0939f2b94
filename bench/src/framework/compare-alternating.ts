import type { BenchProfile } from './bench-profile';
import type { Comparison, LatencyRepetition, Series, ThroughputRepetition } from './repetition';
import type { ScenarioContext } from './scenario';

/** One side of a comparison: a label and a function that performs and measures one repetition. */
export interface Trial<R> {
  label: string;
  measure(): Promise<R>;
}

interface SeriesPair<R> {
  baseline: Series<R>;
  subject: Series<R>;
}

/**
 * Runs baseline, subject, baseline, subject… so that a burst of machine noise (another process, a GC
 * pause, thermal throttling) falls on both sides instead of skewing one of them.
 */
export async function alternate<R>(
  profile: BenchProfile,
  baseline: Trial<R>,
  subject: Trial<R>,
  log: (line: string) => void,
): Promise<SeriesPair<R>> {
  for (let warmup = 0; warmup < profile.warmupRepetitions; warmup++) {
    await baseline.measure();
    await subject.measure();
  }
  const pair: SeriesPair<R> = {
    baseline: { label: baseline.label, repetitions: [] },
    subject: { label: subject.label, repetitions: [] },
  };
  for (let repetition = 1; repetition <= profile.repetitions; repetition++) {
    pair.baseline.repetitions.push(await baseline.measure());
    pair.subject.repetitions.push(await subject.measure());
    log(`  repetition ${repetition}/${profile.repetitions}`);
  }
  return pair;
}

export async function compareLatency(
  context: ScenarioContext,
  baseline: Trial<LatencyRepetition>,
  subject: Trial<LatencyRepetition>,
): Promise<Comparison> {
  return { kind: 'latency', ...(await alternate(context.profile, baseline, subject, context.log)) };
}

export async function compareThroughput(
  context: ScenarioContext,
  baseline: Trial<ThroughputRepetition>,
  subject: Trial<ThroughputRepetition>,
): Promise<Comparison> {
  return { kind: 'throughput', ...(await alternate(context.profile, baseline, subject, context.log)) };
}
