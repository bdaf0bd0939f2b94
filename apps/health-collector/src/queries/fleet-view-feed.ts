import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';
import { AgentRegistryKeys } from '@warden/contracts';
import type { RegistryStore } from '../store/registry-store';
import type { FleetView } from './fleet-view';

/**
 * Keeps a FleetView equal to the `agents` bucket: the watch first replays every current record, then
 * follows each write and delete. `caughtUp` turns true once the replay is done, which is when this
 * replica can answer queries about the whole fleet.
 */
export class FleetViewFeed {
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private caughtUpFlag = false;

  constructor(
    private readonly kv: KV,
    private readonly store: RegistryStore,
    private readonly view: FleetView,
  ) {}

  get caughtUp(): boolean {
    return this.caughtUpFlag;
  }

  async start(): Promise<void> {
    // An empty bucket replays nothing, so the view is complete at once; otherwise the replay ends with
    // the entry that has no messages pending behind it (delta 0), or with the first live update.
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
        this.view.remove(AgentRegistryKeys.agentIdOf(entry.key));
        continue;
      }
      const record = this.store.decode(entry.key, entry.value);
      if (record) this.view.put(record);
    }
  }
}
