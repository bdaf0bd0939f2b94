import type { LeaseRecord } from '@warden/contracts';
import type { LeaseStore, StoredLease } from '@warden/messaging';
import type { LossyNetwork } from './lossy-network';

/**
 * The KV bucket as the simulation sees it: one compare-and-set map with a global revision (like a
 * stream sequence), reached over the lossy network, so an operation may be lost before it applies or
 * apply and lose its reply (the caller then sees only an error). `reachable` cuts one client off.
 */
export class SimulatedKv {
  private revision = 0;
  private readonly entries = new Map<string, StoredLease>();
  /** The fencing tokens of leases removed while their holder had not given them up (revocations). */
  readonly removedTokens = new Set<number>();

  constructor(
    private readonly network: LossyNetwork,
    private readonly timeoutMs: number,
  ) {}

  clientFor(reachable: () => boolean): LeaseStore {
    const call = <T>(apply: () => T): Promise<T> =>
      reachable()
        ? this.network.request(() => (reachable() ? Promise.resolve(apply()) : undefined), this.timeoutMs)
        : Promise.reject(new Error('partitioned'));
    return {
      read: (key) => call(() => this.copy(this.entries.get(key))),
      create: (key, record) =>
        call(() => {
          if (this.entries.has(key)) return undefined;
          return this.write(key, record);
        }),
      update: (key, record, revision) =>
        call(() => (this.entries.get(key)?.revision === revision ? this.write(key, record) : undefined)),
      remove: (key, revision) =>
        call(() => {
          const lease = this.entries.get(key);
          if (lease?.revision !== revision) return false;
          this.removedTokens.add(lease.record.fencingToken ?? lease.revision);
          this.revision++;
          this.entries.delete(key);
          return true;
        }),
      list: (prefix) =>
        call(
          () =>
            new Map(
              [...this.entries]
                .filter(([key]) => key.startsWith(prefix))
                .map(([k, v]) => [k, this.copy(v) as StoredLease]),
            ),
        ),
    };
  }

  private write(key: string, record: LeaseRecord): number {
    const revision = ++this.revision;
    this.entries.set(key, { record: { ...record }, revision });
    return revision;
  }

  private copy(lease: StoredLease | undefined): StoredLease | undefined {
    return lease && { record: { ...lease.record }, revision: lease.revision };
  }
}
