import type { Change, Decided, KvBucket, Stored } from '@warden/messaging';

/**
 * The coordinator's records in the `recovery` bucket (scopes, intensity windows, the budget, patterns, start
 * orders: one bucket, a type per key), changed only by compare-and-set through messaging's KvRecords. That is
 * what makes a group decision happen once across replicas, and what makes a deposed run owner notice it lost
 * the run. The revision of a write is the fencing token of what it authorises: KV revisions grow across the
 * whole bucket, so a later decision always carries a higher token.
 */
export class RecoveryStore {
  constructor(private readonly bucket: KvBucket) {}

  read<T>(key: string): Promise<Stored<T> | undefined> {
    return this.bucket.records<T>().get(key);
  }

  /**
   * Applies `change` to the current value (or a copy of `empty`) and writes the result if the record did not
   * change meanwhile; on a lost race, starts over from the new value. `change` must be pure: it may run
   * several times. Resolves with its result and, when it wrote, the new revision.
   */
  mutate<T, R>(
    key: string,
    empty: T,
    change: (current: T, revision: number | undefined) => Change<T, R>,
  ): Promise<Decided<R>> {
    return this.bucket
      .records<T>()
      .decide(key, (stored) => change(stored ? stored.value : structuredClone(empty), stored?.revision));
  }
}
