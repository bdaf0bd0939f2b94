import type { FailureObservation, HealthObservation } from './observations';

/**
 * The recent failures and health changes, oldest first, kept for the longest window any rule needs.
 * A failure id or health change seen again (a redelivery, a replay overlapping live delivery, the same
 * conviction republished) is ignored.
 */
export class ObservationWindow {
  private failureList: FailureObservation[] = [];
  private healthList: HealthObservation[] = [];
  private readonly failureIds = new Set<string>();
  private readonly changeIds = new Set<string>();

  constructor(private readonly horizonMs: number) {}

  addFailure(failure: FailureObservation): boolean {
    if (this.failureIds.has(failure.failureId)) return false;
    this.failureIds.add(failure.failureId);
    insertInOrder(this.failureList, failure);
    return true;
  }

  addHealth(change: HealthObservation): boolean {
    if (change.changeId !== undefined) {
      if (this.changeIds.has(change.changeId)) return false;
      this.changeIds.add(change.changeId);
    }
    insertInOrder(this.healthList, change);
    return true;
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
    const firstChangeKept = firstIndexAtOrAfter(this.healthList, from);
    for (const dropped of this.healthList.slice(0, firstChangeKept))
      if (dropped.changeId !== undefined) this.changeIds.delete(dropped.changeId);
    this.healthList = this.healthList.slice(firstChangeKept);
  }
}

/**
 * Live events arrive in order, but a new owner's replay of the stream interleaves older ones; keeping
 * the lists sorted keeps every window query a binary search.
 */
function insertInOrder<T extends { at: number }>(list: T[], item: T): void {
  if (list.length === 0 || list[list.length - 1].at <= item.at) list.push(item);
  else list.splice(firstIndexAtOrAfter(list, item.at + 1), 0, item);
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
