import type { LeaseRecord } from '@warden/contracts';

export interface StoredLease {
  record: LeaseRecord;
  revision: number;
}

/**
 * Compare-and-set storage of leases, one key per election domain or lock. A lost race is a result
 * (`undefined` / `false`), not an error; an error means the outcome is unknown (a timeout, a reconnect).
 * JetStream KV implements it in production and the deterministic simulation implements it in memory, so
 * both run the same LeaderElection.
 */
export interface LeaseStore {
  read(key: string): Promise<StoredLease | undefined>;
  /** The new revision, or undefined when the key exists. */
  create(key: string, record: LeaseRecord): Promise<number | undefined>;
  /** The new revision, or undefined when the key is no longer at `revision`. */
  update(key: string, record: LeaseRecord, revision: number): Promise<number | undefined>;
  /** False when the key is no longer at `revision`. */
  remove(key: string, revision: number): Promise<boolean>;
  /** Every live key under a prefix (`election.`), for queries. */
  list(prefix: string): Promise<Map<string, StoredLease>>;
}

/** Timers, injectable so a simulation can run elections in virtual time. */
export interface ElectionClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ElectionClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
