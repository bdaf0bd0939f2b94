/**
 * Failures counted per completed window of fixed width, for the spike rule's expected rate. Windows are
 * aligned to multiples of the width, so the count of a window never changes once it is over. Only
 * windows since this detector started watching count: a replica that just took over has no past to
 * average, not a past of zeros.
 */
export class FailureRateHistory {
  private readonly counts = new Map<number, number>();
  private firstSlot?: number;

  constructor(
    private readonly windowMs: number,
    private readonly windows: number,
  ) {}

  record(at: number): void {
    const slot = this.slotOf(at);
    this.firstSlot ??= slot;
    this.counts.set(slot, (this.counts.get(slot) ?? 0) + 1);
  }

  /**
   * Mean failures per window over the completed windows before the one `now - windowMs` falls in (so
   * the failures being judged are never their own baseline), never below `floor`.
   */
  expectedPerWindow(now: number, floor: number): number {
    this.firstSlot ??= this.slotOf(now);
    const lastCompleted = this.slotOf(now - this.windowMs) - 1;
    const first = Math.max(this.firstSlot + 1, lastCompleted - this.windows + 1);
    if (first > lastCompleted) return floor;
    let total = 0;
    for (let slot = first; slot <= lastCompleted; slot++) total += this.counts.get(slot) ?? 0;
    return Math.max(floor, total / (lastCompleted - first + 1));
  }

  prune(now: number): void {
    const oldest = this.slotOf(now) - this.windows - 2;
    for (const slot of this.counts.keys()) if (slot < oldest) this.counts.delete(slot);
  }

  private slotOf(at: number): number {
    return Math.floor(at / this.windowMs);
  }
}
