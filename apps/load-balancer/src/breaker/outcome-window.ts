const BUCKETS = 10;

/** Successes and failures over a rolling window of ten buckets: constant memory, no allocation per call. */
export class OutcomeWindow {
  private readonly successes = new Float64Array(BUCKETS);
  private readonly failures = new Float64Array(BUCKETS);
  private readonly bucketMs: number;
  private currentBucket = 0;
  private currentStart = 0;

  constructor(windowMs: number) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS));
  }

  record(succeeded: boolean, now: number): void {
    this.advance(now);
    if (succeeded) this.successes[this.currentBucket]++;
    else this.failures[this.currentBucket]++;
  }

  total(now: number): number {
    this.advance(now);
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) sum += this.successes[i] + this.failures[i];
    return sum;
  }

  failureRatio(now: number): number {
    this.advance(now);
    let failed = 0;
    let all = 0;
    for (let i = 0; i < BUCKETS; i++) {
      failed += this.failures[i];
      all += this.successes[i] + this.failures[i];
    }
    return all === 0 ? 0 : failed / all;
  }

  reset(): void {
    this.successes.fill(0);
    this.failures.fill(0);
  }

  private advance(now: number): void {
    if (now < this.currentStart + this.bucketMs) return;
    const steps = Math.floor((now - this.currentStart) / this.bucketMs);
    for (let i = 0; i < Math.min(steps, BUCKETS); i++) {
      this.currentBucket = (this.currentBucket + 1) % BUCKETS;
      this.successes[this.currentBucket] = 0;
      this.failures[this.currentBucket] = 0;
    }
    this.currentStart += steps * this.bucketMs;
  }
}
