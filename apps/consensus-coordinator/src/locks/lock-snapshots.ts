import type { KV } from '@nats-io/kv';
import { FencedResources, type FencedEntry } from '@warden/messaging';
import type { LockHolding } from './lock-table';

/** Locks fenced at once at take-over: enough to hide round trips, few enough not to flood the server. */
export const TAKE_OVER_PARALLELISM = 16;

export const lockKey = (lockName: string): string => `lock.${lockName}`;

export interface LockSnapshot {
  holders: LockHolding[];
  maxHolders?: number;
}

/** What the lock service needs of the snapshots (a stand-in in unit tests). */
export type LockSnapshotStore = Pick<LockSnapshots, 'save' | 'takeOver'>;

/**
 * The holders of every lock, in the `coordination` bucket, so a new leading replica takes over the locks
 * that are held instead of granting them again. Writes of one lock are chained, so the last write is the
 * latest state; a grant or release is answered only once its snapshot is stored.
 *
 * Each snapshot is fenced by the writer's election token (the revision that made it the leading replica):
 * it replaces the stored one only by compare-and-set and only when the stored token is not higher, so a
 * deposed leader that has not noticed yet (a pause, a partition) cannot overwrite its successor's holders;
 * its write fails with StaleFencingTokenError and its grant is never answered. A released lock keeps its
 * record with no holders instead of being deleted: a deleted key would forget the token that fences it.
 */
export class LockSnapshots {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly records: FencedResources<LockSnapshot>;
  /**
   * The record each held lock was last written (or taken over) with: the next write needs no read first.
   * A lock that empties is dropped, so this holds the locks with holders, not every name ever used; the
   * first grant after a release pays one read.
   */
  private readonly lastWritten = new Map<string, FencedEntry<LockSnapshot>>();

  constructor(
    private readonly kv: KV,
    private readonly leaderToken: number,
  ) {
    // Snapshots stored before they were fenced (a plain LockSnapshot) are still restored, and any leader
    // may replace them.
    this.records = new FencedResources<LockSnapshot>(kv, {
      keyOf: lockKey,
      unfencedState: (value) => value as LockSnapshot,
    });
  }

  save(lockName: string, snapshot: LockSnapshot): Promise<void> {
    const previous = this.chains.get(lockName) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        try {
          const written = await this.records.write(
            lockName,
            this.leaderToken,
            snapshot,
            this.lastWritten.get(lockName),
          );
          if (snapshot.holders.length > 0) this.lastWritten.set(lockName, written);
          else this.lastWritten.delete(lockName);
        } catch (error) {
          this.lastWritten.delete(lockName);
          throw error;
        }
      });
    this.chains.set(lockName, write);
    void write
      .finally(() => {
        if (this.chains.get(lockName) === write) this.chains.delete(lockName);
      })
      .catch(() => undefined);
    return write;
  }

  /**
   * Takes the stored holders over for this leader: every lock record is fenced with this leader's token
   * first, so a deposed leader's late write is refused also on locks this leader has not changed yet.
   * Returns the locks that have holders; released ones (a record with no holders) are left out.
   * Records are fenced TAKE_OVER_PARALLELISM at a time: one after another, a bucket of many released
   * locks kept the new leader from serving for one round trip per lock name ever used.
   */
  async takeOver(): Promise<Map<string, LockSnapshot>> {
    const lockNames: string[] = [];
    for await (const key of await this.kv.keys(lockKey('>'))) lockNames.push(key.slice(lockKey('').length));
    const snapshots = new Map<string, LockSnapshot>();
    let next = 0;
    const fenceRemaining = async (): Promise<void> => {
      while (next < lockNames.length) {
        const lockName = lockNames[next++];
        const taken = await this.records.admit(lockName, this.leaderToken);
        const snapshot = taken.state;
        if (snapshot && snapshot.holders.length > 0) {
          snapshots.set(lockName, snapshot);
          this.lastWritten.set(lockName, taken);
        }
      }
    };
    const workers = Math.min(TAKE_OVER_PARALLELISM, lockNames.length);
    await Promise.all(Array.from({ length: workers }, fenceRemaining));
    return snapshots;
  }
}
