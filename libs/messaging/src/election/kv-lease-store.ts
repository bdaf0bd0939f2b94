import type { KV, KvEntry } from '@nats-io/kv';
import { LeaseRecord, parseMessage } from '@warden/contracts';
import { isRevisionConflict } from '../kv/revision-conflict';
import type { LeaseStore, StoredLease } from './lease-store';

/** LeaseStore on a JetStream KV bucket (`coordination`): revisions are the stream's sequence numbers. */
export class KvLeaseStore implements LeaseStore {
  constructor(private readonly kv: KV) {}

  async read(key: string): Promise<StoredLease | undefined> {
    return this.decode(await this.kv.get(key));
  }

  async create(key: string, record: LeaseRecord): Promise<number | undefined> {
    return this.casOrUndefined(() => this.kv.create(key, JSON.stringify(record)));
  }

  async update(key: string, record: LeaseRecord, revision: number): Promise<number | undefined> {
    return this.casOrUndefined(() => this.kv.update(key, JSON.stringify(record), revision));
  }

  async remove(key: string, revision: number): Promise<boolean> {
    return (
      (await this.casOrUndefined(() => this.kv.delete(key, { previousSeq: revision }).then(() => 0))) !==
      undefined
    );
  }

  async list(prefix: string): Promise<Map<string, StoredLease>> {
    const leases = new Map<string, StoredLease>();
    const keys: string[] = [];
    for await (const key of await this.kv.keys(`${prefix}>`)) keys.push(key);
    for (const key of keys) {
      const lease = await this.read(key);
      if (lease) leases.set(key, lease);
    }
    return leases;
  }

  private decode(entry: KvEntry | null): StoredLease | undefined {
    if (!entry || entry.operation !== 'PUT') return undefined;
    try {
      return { record: parseMessage(LeaseRecord, entry.json<unknown>()), revision: entry.revision };
    } catch {
      // Held by no one readable: it expires like a silent holder's lease and is then replaced by CAS.
      const epoch = new Date(0).toISOString();
      return {
        record: { holderId: 'unreadable', acquiredAt: epoch, renewedAt: epoch },
        revision: entry.revision,
      };
    }
  }

  private async casOrUndefined(write: () => Promise<number>): Promise<number | undefined> {
    try {
      return await write();
    } catch (error) {
      if (isRevisionConflict(error)) return undefined;
      throw error;
    }
  }
}
