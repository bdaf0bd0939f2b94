import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import { AgentRegistryKeys, type AgentHealthRecord } from '@warden/contracts';
import { CorruptRegistryRecordError, decodeAgentRecord } from './agent-record-decoding';

/** Where a watch of the registry delivers: the fleet view of a collector, the membership of pattern detection… */
export interface AgentRegistrySink {
  put(record: AgentHealthRecord): void;
  remove(agentId: string): void;
}

/**
 * Keeps a sink equal to the `agents` bucket: the watch first replays every current record, then follows
 * each write and delete. `caughtUp` turns true once the replay is done (immediately for an empty bucket;
 * otherwise at the entry with nothing pending behind it, or the first live update). A corrupt record is
 * reported and skipped.
 */
export class AgentRegistryWatch {
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private caughtUpFlag = false;

  constructor(
    private readonly kv: KV,
    private readonly sink: AgentRegistrySink,
    private readonly onCorrupt: (error: CorruptRegistryRecordError) => void,
  ) {}

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
      if (entry.operation !== 'PUT') {
        this.sink.remove(AgentRegistryKeys.agentIdOf(entry.key));
        continue;
      }
      try {
        this.sink.put(decodeAgentRecord(entry.key, entry.value));
      } catch (error) {
        if (!(error instanceof CorruptRegistryRecordError)) throw error;
        this.onCorrupt(error);
      }
    }
  }
}
