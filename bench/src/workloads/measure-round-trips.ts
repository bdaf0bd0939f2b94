import type { LatencyRepetition } from '../framework/repetition';

/** Sends round trips one at a time (no overlap), so each latency is that of an idle path, not of a queue. */
export async function measureRoundTrips(
  roundTrips: number,
  roundTrip: () => Promise<unknown>,
): Promise<LatencyRepetition> {
  const latenciesMs: number[] = [];
  for (let index = 0; index < roundTrips; index++) {
    const started = performance.now();
    await roundTrip();
    latenciesMs.push(performance.now() - started);
  }
  return { latenciesMs };
}
