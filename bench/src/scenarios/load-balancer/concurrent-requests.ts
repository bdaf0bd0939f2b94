import type { LatencyRepetition, ThroughputRepetition } from '../../framework/repetition';

/**
 * Keeps `concurrency` requests outstanding until `requests` were sent or the budget is spent, timing
 * each: the load a balancer sees from many callers, unlike the one-at-a-time latency scenarios.
 */
export async function runConcurrent(
  requests: number,
  concurrency: number,
  timeBudgetMs: number,
  request: (index: number) => Promise<unknown>,
): Promise<LatencyRepetition & ThroughputRepetition> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const until = started + timeBudgetMs;
  let sent = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < requests && performance.now() < until) {
        const index = sent++;
        const begun = performance.now();
        await request(index);
        latenciesMs.push(performance.now() - begun);
      }
    }),
  );
  return { latenciesMs, messages: latenciesMs.length, elapsedMs: performance.now() - started };
}
