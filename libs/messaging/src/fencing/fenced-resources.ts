import type { KV } from '@nats-io/kv';
import { assertIdToken } from '@warden/contracts';
import { parseRecord } from '../kv/kv-record-codec';
import { KvRecords } from '../kv/kv-records';
import { WriteContentionError } from '../kv/write-contention-error';
import { CorruptFencedRecordError, FencingContentionError } from './fencing-errors';
import { checkFencingToken } from './fencing-token-check';

/** What is stored per resource: the highest token admitted and, optionally, the state it wrote. */
interface FencedRecord<T> {
  fencingToken: number;
  state?: T;
}

export interface FencedEntry<T> {
  resource: string;
  /** The highest token admitted for the resource so far; 0 for a value stored before it was fenced. */
  fencingToken: number;
  /** The state written with it (by `write`), undefined when only `admit` was used. */
  state: T | undefined;
  /** The KV revision of the record: admissions commit in this order. */
  revision: number;
}

export interface FencedResourcesOptions<T> {
  /** The KV key of a resource; default `fence.<resource>`. */
  keyOf?: (resource: string) => string;
  /** Checks a stored state (a value written by another process); default: taken as it is. */
  decodeState?: (value: unknown) => T;
  /**
   * Reads a value stored before the resource was fenced (no `fencingToken`) as its state under no token,
   * so any valid token may replace it; without it such a value is a CorruptFencedRecordError.
   */
  unfencedState?: (value: unknown) => T;
  /** Compare-and-set rounds before FencingContentionError; default 20. */
  maxAttempts?: number;
}

export const fenceKey = (resource: string): string => `fence.${resource}`;

const DEFAULT_MAX_ATTEMPTS = 20;
/** The token of a value stored before its resource was fenced: below every valid token. */
const UNFENCED = 0;

/**
 * The receiver's side of fencing, durable in a JetStream KV bucket: one key per resource holds the highest
 * fencing token admitted for it, so the rule "refuse a token below the highest seen" survives restarts and
 * holds across every replica of the receiver.
 *
 * Every admission is a compare-and-set on the revision it read, including an admission of the token
 * already stored. That makes admissions a single order (the KV revision): when a newer holder's token
 * commits between a stale writer's read and its write, the stale write loses the race, re-reads and is
 * refused, so two writers never both pass on what one of them saw before the other advanced it.
 *
 * `write` stores the resource's state in the same record as the token: check and effect are one atomic
 * step. `admit` only advances the token, for an effect made elsewhere afterwards (see the agent-sdk README
 * for what that leaves open).
 */
export class FencedResources<T = unknown> {
  private readonly keyOf: (resource: string) => string;
  private readonly decodeState: (value: unknown) => T;
  private readonly maxAttempts: number;
  private readonly unfencedState?: (value: unknown) => T;

  constructor(
    private readonly kv: KV,
    options: FencedResourcesOptions<T> = {},
  ) {
    this.keyOf = options.keyOf ?? fenceKey;
    this.decodeState = options.decodeState ?? ((value) => value as T);
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.unfencedState = options.unfencedState;
  }

  async read(resource: string): Promise<FencedEntry<T> | undefined> {
    assertIdToken('resource', resource);
    const stored = await this.recordsOf(resource).get(this.keyOf(resource));
    return stored && this.entryOf(resource, stored.value, stored.revision);
  }

  /** Admits an action under `token` (StaleFencingTokenError if a higher one was admitted); the state stays. */
  admit(resource: string, token: number): Promise<FencedEntry<T>> {
    return this.commit(resource, token, (current) => current?.state);
  }

  /**
   * Replaces the resource's state under `token`, atomically with the check. `previous`, the entry this
   * writer's last write returned, saves the read: the write is conditional on that revision, so if anyone
   * wrote in between it loses the race and is judged on a fresh read like any other.
   */
  write(resource: string, token: number, state: T, previous?: FencedEntry<T>): Promise<FencedEntry<T>> {
    return this.commit(resource, token, () => state, previous);
  }

  /**
   * Replaces the state with `change(current state)` under `token`, atomically with the check; `change` may
   * run several times (once per lost compare-and-set round), so it must be pure.
   */
  update(resource: string, token: number, change: (current: T | undefined) => T): Promise<FencedEntry<T>> {
    return this.commit(resource, token, (current) => change(current?.state));
  }

  private async commit(
    resource: string,
    token: number,
    nextState: (current: FencedRecord<T> | undefined) => T | undefined,
    previous?: FencedEntry<T>,
  ): Promise<FencedEntry<T>> {
    // An id token is one KV key token: a resource name can never address another resource's fence.
    assertIdToken('resource', resource);
    checkFencingToken(resource, token, undefined);
    try {
      const { result, revision } = await this.recordsOf(resource).decide(
        this.keyOf(resource),
        (stored) => {
          checkFencingToken(resource, token, stored?.value.fencingToken);
          const state = nextState(stored?.value);
          const record: FencedRecord<T> =
            state === undefined ? { fencingToken: token } : { fencingToken: token, state };
          return { next: record, result: record };
        },
        { known: previous && { value: this.recordOf(previous), revision: previous.revision } },
      );
      return this.entryOf(resource, result, revision as number);
    } catch (error) {
      if (error instanceof WriteContentionError) throw new FencingContentionError(resource, this.maxAttempts);
      throw error;
    }
  }

  /** The resource's record, read and written by compare-and-set; what it refuses is a CorruptFencedRecordError. */
  private recordsOf(resource: string): KvRecords<FencedRecord<T>> {
    return new KvRecords<FencedRecord<T>>(this.kv, 'fence', (value) => this.decode(resource, value), {
      maxAttempts: this.maxAttempts,
      parse: (bytes) => {
        try {
          return parseRecord(bytes);
        } catch {
          throw new CorruptFencedRecordError(resource, 'not JSON');
        }
      },
    });
  }

  private recordOf(entry: FencedEntry<T>): FencedRecord<T> {
    return { fencingToken: entry.fencingToken, state: entry.state };
  }

  private decode(resource: string, value: unknown): FencedRecord<T> {
    if (typeof value !== 'object' || value === null)
      throw new CorruptFencedRecordError(resource, 'not an object');
    if (!('fencingToken' in value)) {
      if (!this.unfencedState) throw new CorruptFencedRecordError(resource, 'no fencingToken');
      return { fencingToken: UNFENCED, state: this.unfencedState(value) };
    }
    const { fencingToken } = value;
    if (typeof fencingToken !== 'number' || !Number.isSafeInteger(fencingToken) || fencingToken <= 0)
      throw new CorruptFencedRecordError(
        resource,
        `fencingToken ${String(fencingToken)} is not a positive integer`,
      );
    if (!('state' in value) || value.state === undefined) return { fencingToken };
    return { fencingToken, state: this.decodeState(value.state) };
  }

  private entryOf(resource: string, record: FencedRecord<T>, revision: number): FencedEntry<T> {
    return { resource, fencingToken: record.fencingToken, state: record.state, revision };
  }
}
