import { setTimeout as sleep } from 'node:timers/promises';
import type { KV } from '@nats-io/kv';
import { delayFor, type BackoffPolicy } from '../retry/backoff-policy';
import { encodeRecord, parseRecord, trustedRecord, type RecordDecoder } from './kv-record-codec';
import { isWriteConflict } from './revision-conflict';
import { WriteContentionError } from './write-contention-error';

/** A record as read: its value and the KV revision it was read at (the condition of the next write). */
export interface Stored<T> {
  value: T;
  revision: number;
}

/** What a decision made on the current record: the value to write (none: leave it as it is) and a result. */
export interface Change<T, R> {
  next?: T;
  result: R;
}

export interface Decided<R> {
  result: R;
  /** The revision written, when the decision wrote. */
  revision?: number;
}

export interface MutateOptions<T = unknown> {
  /**
   * The record as this writer last read or wrote it: the first round starts from it instead of reading; if
   * anyone wrote since, that round loses and the next reads afresh like any other.
   */
  known?: Stored<T>;
  /**
   * The key is usually new (a first failure): the first round creates without reading, one round trip less
   * on a hot path; when it exists after all, the create loses and the next round reads it.
   */
  likelyAbsent?: boolean;
}

export interface KvRecordsOptions {
  /** Compare-and-set rounds before WriteContentionError; default 25. */
  maxAttempts?: number;
  /** A lost round waits a random 0..jitterMs × round before reading again, so racing writers spread out; default 5. */
  jitterMs?: number;
  /** Turns stored bytes into the value `decode` checks; default JSON.parse (its SyntaxError propagates). */
  parse?: (bytes: Uint8Array, key: string) => unknown;
}

const DEFAULT_MAX_ATTEMPTS = 25;
const DEFAULT_JITTER_MS = 5;

/**
 * Typed JSON records in one KV bucket, changed by compare-and-set so concurrent writers (replicas of one
 * service) never lose an update: a change is computed from the revision it read and written only if nobody
 * wrote since, else computed again from a fresh read. KV revisions grow across the whole bucket, so the
 * revision of a write can serve as the fencing token of what it authorises.
 */
export class KvRecords<T> {
  private readonly maxAttempts: number;
  /** A random 0..jitterMs × round: linear growth, full jitter, no cap. */
  private readonly lostRaceBackoff: BackoffPolicy;
  private readonly parse: (bytes: Uint8Array, key: string) => unknown;

  constructor(
    readonly kv: KV,
    readonly bucket: string,
    private readonly decode: RecordDecoder<T> = trustedRecord,
    options: KvRecordsOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const jitterMs = options.jitterMs ?? DEFAULT_JITTER_MS;
    this.lostRaceBackoff = {
      initialMs: jitterMs,
      multiplier: 1,
      stepMs: jitterMs,
      maxMs: Infinity,
      jitter: { kind: 'full' },
    };
    this.parse = options.parse ?? parseRecord;
  }

  async get(key: string): Promise<Stored<T> | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return { value: this.decode(this.parse(entry.value, key), key), revision: entry.revision };
  }

  /**
   * Applies `decide` to the current record and writes its `next` if the record did not change meanwhile;
   * on a lost race, starts over from the new value. `decide` must be pure: it may run several times, and
   * the result returned is that of the run that committed (or wrote nothing).
   */
  async decide<R>(
    key: string,
    decide: (current: Stored<T> | undefined) => Change<T, R>,
    { likelyAbsent = false, known }: MutateOptions<T> = {},
  ): Promise<Decided<R>> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const blindCreate = likelyAbsent && attempt === 1 && !known;
      const stored = attempt === 1 && known ? known : blindCreate ? undefined : await this.get(key);
      const decided = decide(stored);
      if (decided.next === undefined) return { result: decided.result };
      const revision = await this.writeAt(key, decided.next, stored?.revision);
      if (revision !== undefined) return { result: decided.result, revision };
      // A wrong guess (absent, or as last known) is no race: read at once. A lost race backs off so racers spread out.
      if (!blindCreate && !(attempt === 1 && known)) await sleep(delayFor(this.lostRaceBackoff, attempt));
    }
    throw new WriteContentionError(this.bucket, key, this.maxAttempts);
  }

  /**
   * `decide` for a change of the value alone: `change` returning undefined leaves the record as it is.
   * Resolves to the value written, or kept.
   */
  async mutate(
    key: string,
    change: (current: T | undefined) => T | undefined,
    options: MutateOptions<T> = {},
  ): Promise<T | undefined> {
    const { result } = await this.decide(
      key,
      (stored) => {
        const next = change(stored?.value);
        return { next, result: next ?? stored?.value };
      },
      options,
    );
    return result;
  }

  /**
   * Writes `value` once: the first writer's value stays, and a later writer (a replica that worked out the
   * same thing, a retried call) gets the stored record back instead. `created` says whose value it is.
   */
  async createOnce(key: string, value: T): Promise<{ created: boolean; stored: Stored<T> }> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const revision = await this.writeAt(key, value, undefined);
      if (revision !== undefined) return { created: true, stored: { value, revision } };
      // Created by another writer; read unless it is gone again (deleted, expired), then create anew.
      const stored = await this.get(key);
      if (stored) return { created: false, stored };
    }
    throw new WriteContentionError(this.bucket, key, this.maxAttempts);
  }

  /** Writes only if the key is absent (`revision` undefined) or at `revision`; the new revision, or undefined on a conflict. */
  async writeAt(key: string, value: T, revision: number | undefined): Promise<number | undefined> {
    try {
      return revision === undefined
        ? await this.kv.create(key, encodeRecord(value))
        : await this.kv.update(key, encodeRecord(value), revision);
    } catch (error) {
      if (isWriteConflict(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, value: T): Promise<number> {
    return this.kv.put(key, encodeRecord(value));
  }

  async delete(key: string, revision?: number): Promise<void> {
    await this.kv.delete(key, revision === undefined ? undefined : { previousSeq: revision });
  }

  /** Deletes only if the key is still at `revision`: false when another writer changed it first. */
  async deleteAt(key: string, revision: number): Promise<boolean> {
    try {
      await this.kv.delete(key, { previousSeq: revision });
      return true;
    } catch (error) {
      if (isWriteConflict(error)) return false;
      throw error;
    }
  }
}
