import type { LatencyRepetition } from '../framework/repetition';

export interface RoundTripRun {
  /** Most round trips; fewer when `timeBudgetMs` runs out first. */
  roundTrips: number;
  timeBudgetMs: number;
  roundTrip(): Promise<unknown>;
}

/** Sends round trips one at a time (no overlap), so each latency is that of an idle path, not of a queue. */
export async function measureRoundTrips(run: RoundTripRun): Promise<LatencyRepetition> {
  const latenciesMs: number[] = [];
  const until = performance.now() + run.timeBudgetMs;
  while (latenciesMs.length < run.roundTrips && (latenciesMs.length === 0 || performance.now() < until)) {
    const started = performance.now();
    await run.roundTrip();
    latenciesMs.push(performance.now() - started);
  }
  return { latenciesMs };
}
