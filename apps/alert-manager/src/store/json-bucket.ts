import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';

export interface Stored<T> {
  value: T;
  revision: number;
}

/** A KV write lost a compare-and-set race more often than a busy key should allow. */
export class WriteContentionError extends Error {
  constructor(readonly key: string) {
    super(`gave up writing ${key}: other writers kept changing it`);
    this.name = 'WriteContentionError';
  }
}

export function isRevisionConflict(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}

const MAX_CAS_ROUNDS = 20;

/** JSON records in a KV bucket, written by compare-and-set so concurrent writers never lose an update. */
export class JsonBucket<T> {
  constructor(
    readonly kv: KV,
    private readonly decode: (value: unknown) => T,
  ) {}

  async get(key: string): Promise<Stored<T> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { value: this.decode(entry.json()), revision: entry.revision };
  }

  /**
   * Reads, applies `change` and writes back conditionally on the revision read, retrying on a conflict.
   * `change` returning undefined leaves the record as it is. Resolves to the value written (or kept).
   * `likelyAbsent` tries a create before any read.
   */
  async mutate(
    key: string,
    change: (current: T | undefined) => T | undefined,
    { likelyAbsent = false }: { likelyAbsent?: boolean } = {},
  ): Promise<T | undefined> {
    for (let round = 0; round < MAX_CAS_ROUNDS; round++) {
      // A key that is usually new (a first failure) is created without reading it first: one round trip
      // less on the alerting path; when it exists after all, the create fails and the loop reads it.
      const stored = likelyAbsent && round === 0 ? undefined : await this.get(key);
      const next = change(stored?.value);
      if (next === undefined) return stored?.value;
      try {
        if (stored) await this.kv.update(key, JSON.stringify(next), stored.revision);
        else await this.kv.create(key, JSON.stringify(next));
        return next;
      } catch (error) {
        if (!isRevisionConflict(error) && !isKeyExists(error)) throw error;
      }
    }
    throw new WriteContentionError(key);
  }

  /** Writes only if the key is absent (false) or at `revision`; resolves to the new revision, or undefined on a conflict. */
  async writeAt(key: string, value: T, revision: number | undefined): Promise<number | undefined> {
    try {
      return revision === undefined
        ? await this.kv.create(key, JSON.stringify(value))
        : await this.kv.update(key, JSON.stringify(value), revision);
    } catch (error) {
      if (isRevisionConflict(error) || isKeyExists(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, value: T): Promise<void> {
    await this.kv.put(key, JSON.stringify(value));
  }

  async delete(key: string, revision?: number): Promise<void> {
    await this.kv.delete(key, revision === undefined ? undefined : { previousSeq: revision });
  }
}

/** `create` on a key that exists fails with a wrong-last-sequence error on some servers, a plain Error on others. */
function isKeyExists(error: unknown): boolean {
  return error instanceof Error && /wrong last sequence|key exists/i.test(error.message);
}
