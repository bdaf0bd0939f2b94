import type { FailureObservation, HealthObservation } from './observations';

/**
 * The recent failures and health changes, oldest first, kept for the longest window any rule needs.
 * A failure id seen again (a redelivery, or the same conviction republished) is ignored.
 */
export class ObservationWindow {
  private failureList: FailureObservation[] = [];
  private healthList: HealthObservation[] = [];
  private readonly failureIds = new Set<string>();
  private latest = Number.NEGATIVE_INFINITY;

  constructor(private readonly horizonMs: number) {}

  addFailure(failure: FailureObservation): boolean {
    if (this.failureIds.has(failure.failureId)) return false;
    this.failureIds.add(failure.failureId);
    this.failureList.push({ ...failure, at: this.monotonic(failure.at) });
    return true;
  }

  addHealth(change: HealthObservation): void {
    this.healthList.push({ ...change, at: this.monotonic(change.at) });
  }

  failuresSince(from: number): readonly FailureObservation[] {
    return this.failureList.slice(firstIndexAtOrAfter(this.failureList, from));
  }

  healthSince(from: number): readonly HealthObservation[] {
    return this.healthList.slice(firstIndexAtOrAfter(this.healthList, from));
  }

  /** Forgets what is older than the horizon. */
  prune(now: number): void {
    const from = now - this.horizonMs;
    const firstKept = firstIndexAtOrAfter(this.failureList, from);
    for (const dropped of this.failureList.slice(0, firstKept)) this.failureIds.delete(dropped.failureId);
    this.failureList = this.failureList.slice(firstKept);
    this.healthList = this.healthList.slice(firstIndexAtOrAfter(this.healthList, from));
  }

  // Events from concurrent handlers may arrive a hair out of order; keeping the lists sorted lets
  // every query be a binary search, and a millisecond of reordering changes no window.
  private monotonic(at: number): number {
    this.latest = Math.max(this.latest, at);
    return this.latest;
  }
}

function firstIndexAtOrAfter(list: readonly { at: number }[], from: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle].at < from) low = middle + 1;
    else high = middle;
  }
  return low;
}
