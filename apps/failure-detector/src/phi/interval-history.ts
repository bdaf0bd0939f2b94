/**
 * The last `capacity` heartbeat inter-arrival intervals, with a running sum and sum of squares so mean
 * and deviation cost O(1) per evaluation (the detector evaluates every agent every tick). Intervals are
 * whole milliseconds from Date.now(), so the sums stay exact in doubles and never drift.
 */
export class IntervalHistory {
  private readonly intervals: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;
  private sumOfSquares = 0;

  constructor(readonly capacity: number) {
    this.intervals = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  add(intervalMs: number): void {
    if (this.count === this.capacity) {
      const evicted = this.intervals[this.next];
      this.sum -= evicted;
      this.sumOfSquares -= evicted * evicted;
    } else {
      this.count++;
    }
    this.intervals[this.next] = intervalMs;
    this.next = (this.next + 1) % this.capacity;
    this.sum += intervalMs;
    this.sumOfSquares += intervalMs * intervalMs;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
    this.sum = 0;
    this.sumOfSquares = 0;
  }

  mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** Population standard deviation, as Akka computes it. */
  stdDev(): number {
    if (this.count === 0) return 0;
    const mean = this.mean();
    return Math.sqrt(Math.max(0, this.sumOfSquares / this.count - mean * mean));
  }
}
