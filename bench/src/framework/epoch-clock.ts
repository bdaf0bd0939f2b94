/**
 * Wall-clock milliseconds with sub-millisecond precision. `Date.now()` counts whole milliseconds, so a
 * path that takes under one (a raw JetStream publish on loopback) measures as 0 and leaves a baseline
 * with a zero median; comparing against another process's timestamp still needs the wall clock.
 */
export function epochNowMs(): number {
  return performance.timeOrigin + performance.now();
}
