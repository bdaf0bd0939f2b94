/**
 * Exponentially weighted moving average with a half-life counted in samples: after `halfLife`
 * samples an old observation weighs half as much. The first sample seeds the average, so a new agent
 * reports its real latency at once rather than a value dragged toward zero.
 */
export class Ewma {
  private readonly alpha: number;
  private current?: number;

  constructor(halfLife = 10) {
    this.alpha = 1 - Math.pow(0.5, 1 / halfLife);
  }

  add(sample: number): void {
    this.current = this.current === undefined ? sample : this.current + this.alpha * (sample - this.current);
  }

  get value(): number {
    return this.current ?? 0;
  }
}
