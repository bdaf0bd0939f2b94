import type { KV } from '@nats-io/kv';
import type { LockHolding } from './lock-table';

export const lockKey = (lockName: string): string => `lock.${lockName}`;

export interface LockSnapshot {
  holders: LockHolding[];
  maxHolders?: number;
}

/**
 * The holders of every lock, in the `coordination` bucket, so a new leading replica takes over the locks
 * that are held instead of granting them again. Writes of one lock are chained, so the last write is the
 * latest state; a grant or release is answered only once its snapshot is stored.
 */
export class LockSnapshots {
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly kv: KV) {}

  save(lockName: string, snapshot: LockSnapshot): Promise<void> {
    const previous = this.chains.get(lockName) ?? Promise.resolve();
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        if (snapshot.holders.length === 0) await this.kv.delete(lockKey(lockName));
        else await this.kv.put(lockKey(lockName), JSON.stringify(snapshot));
      });
    this.chains.set(lockName, write);
    void write
      .finally(() => {
        if (this.chains.get(lockName) === write) this.chains.delete(lockName);
      })
      .catch(() => undefined);
    return write;
  }

  async loadAll(): Promise<Map<string, LockSnapshot>> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys(lockKey('>'))) keys.push(key);
    const snapshots = new Map<string, LockSnapshot>();
    for (const key of keys) {
      const entry = await this.kv.get(key);
      if (entry?.operation === 'PUT')
        snapshots.set(key.slice(lockKey('').length), entry.json<LockSnapshot>());
    }
    return snapshots;
  }
}
