import type { KV } from '@nats-io/kv';
import { isRevisionConflict } from '@warden/messaging';

/** A read-modify-write lost every compare-and-set race it tried: the key is written too often to win. */
export class RecoveryStateContentionError extends Error {
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`recovery state ${key}: ${attempts} compare-and-set attempts all lost to other writers`);
    this.name = 'RecoveryStateContentionError';
  }
}

export interface StoredValue<T> {
  value: T;
  revision: number;
}

/** What a change function decides: the value to write (none: leave the record as it is) and a result. */
export interface Change<T, R> {
  next?: T;
  result: R;
}

const MAX_CAS_ATTEMPTS = 25;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The coordinator's records in the `recovery` bucket, changed only by compare-and-set: a change is
 * computed from the revision it read and written only if nobody wrote since, else read and computed
 * again. That is what makes a group decision happen once across replicas, and what makes a deposed run
 * owner notice it lost the run. The revision of a write is the fencing token of what it authorises: KV
 * revisions grow across the whole bucket, so a later decision always carries a higher token.
 */
export class RecoveryStore {
  constructor(private readonly kv: KV) {}

  async read<T>(key: string): Promise<StoredValue<T> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { value: JSON.parse(decoder.decode(entry.value)) as T, revision: entry.revision };
  }

  /**
   * Applies `change` to the current value (or `empty`) and writes the result if the record did not
   * change meanwhile; on a lost race, starts over from the new value. `change` must be pure: it may run
   * several times. Resolves with its result and, when it wrote, the new revision.
   */
  async mutate<T, R>(
    key: string,
    empty: T,
    change: (current: T, revision: number | undefined) => Change<T, R>,
  ): Promise<{ result: R; revision?: number }> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const stored = await this.read<T>(key);
      const decided = change(stored ? stored.value : structuredClone(empty), stored?.revision);
      if (decided.next === undefined) return { result: decided.result };
      try {
        const data = encoder.encode(JSON.stringify(decided.next));
        const revision = stored
          ? await this.kv.update(key, data, stored.revision)
          : await this.kv.create(key, data);
        return { result: decided.result, revision };
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
      }
    }
    throw new RecoveryStateContentionError(key, MAX_CAS_ATTEMPTS);
  }
}
