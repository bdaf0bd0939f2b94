/**
 * Task outcomes over the last `windowMs`, in time buckets, so the error ratio describes what the agent
 * does now and forgets a bad minute once it is over (a ratio over all time never would).
 */
export class OutcomeWindow {
  private readonly bucketMs: number;
  private readonly buckets: { start: number; ok: number; failed: number }[] = [];

  constructor(
    private readonly windowMs = 60_000,
    bucketCount = 12,
  ) {
    this.bucketMs = Math.max(1, Math.floor(windowMs / bucketCount));
  }

  record(succeeded: boolean, now: number): void {
    const start = now - (now % this.bucketMs);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.start !== start) {
      bucket = { start, ok: 0, failed: 0 };
      this.buckets.push(bucket);
    }
    if (succeeded) bucket.ok++;
    else bucket.failed++;
    this.expire(now);
  }

  /** Failed / finished within the window; 0 when nothing finished. */
  errorRatio(now: number): number {
    this.expire(now);
    let ok = 0;
    let failed = 0;
    for (const bucket of this.buckets) {
      ok += bucket.ok;
      failed += bucket.failed;
    }
    return ok + failed === 0 ? 0 : failed / (ok + failed);
  }

  private expire(now: number): void {
    while (this.buckets.length && this.buckets[0].start + this.bucketMs <= now - this.windowMs)
      this.buckets.shift();
  }
}
