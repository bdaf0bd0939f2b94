import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import { AgentHealthRecord, AgentRegistryKeys, parseMessage } from '@warden/contracts';
import type { FleetMembership } from '../model/fleet-membership';

/**
 * Keeps a FleetMembership equal to the `agents` bucket: the watch replays every current record, then
 * follows each write and delete. A corrupt record is reported and skipped.
 */
export class AgentsBucketFeed {
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private readonly decoder = new TextDecoder();
  private caughtUpFlag = false;

  constructor(
    private readonly kv: KV,
    private readonly membership: FleetMembership,
    private readonly onCorruptRecord: (key: string, error: Error) => void,
  ) {}

  /** True once the replay of the bucket's current records is done. */
  get caughtUp(): boolean {
    return this.caughtUpFlag;
  }

  async start(): Promise<void> {
    if ((await this.kv.status()).values === 0) this.caughtUpFlag = true;
    this.watcher = await this.kv.watch();
    this.following = this.follow(this.watcher);
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    await this.following;
  }

  private async follow(watcher: QueuedIterator<KvWatchEntry>): Promise<void> {
    for await (const entry of watcher) {
      if (entry.delta === 0 || entry.isUpdate) this.caughtUpFlag = true;
      const agentId = AgentRegistryKeys.agentIdOf(entry.key);
      if (entry.operation !== 'PUT') {
        this.membership.remove(agentId);
        continue;
      }
      try {
        const record = parseMessage(
          AgentHealthRecord,
          JSON.parse(this.decoder.decode(entry.value)) as unknown,
        );
        if (record.agentId !== agentId)
          throw new Error(`record of ${record.agentId} stored under ${entry.key}`);
        this.membership.put(record);
      } catch (error) {
        this.onCorruptRecord(entry.key, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}
