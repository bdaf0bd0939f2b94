/**
 * Failures counted per completed window of fixed width, for the spike rule's expected rate. Windows are
 * aligned to multiples of the width, so the count of a window never changes once it is over.
 */
export class FailureRateHistory {
  private readonly counts = new Map<number, number>();

  constructor(
    private readonly windowMs: number,
    private readonly windows: number,
  ) {}

  record(at: number): void {
    const slot = Math.floor(at / this.windowMs);
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }

  /**
   * Mean failures per window over the completed windows before the one `now - windowMs` falls in (so
   * the failures being judged are never their own baseline), never below `floor`.
   */
  expectedPerWindow(now: number, floor: number): number {
    const lastCompleted = Math.floor((now - this.windowMs) / this.windowMs) - 1;
    let total = 0;
    for (let slot = lastCompleted - this.windows + 1; slot <= lastCompleted; slot++)
      total += this.counts.get(slot) ?? 0;
    return Math.max(floor, total / this.windows);
  }

  prune(now: number): void {
    const oldest = Math.floor(now / this.windowMs) - this.windows - 2;
    for (const slot of this.counts.keys()) if (slot < oldest) this.counts.delete(slot);
  }
}
