import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';

export interface MirrorSink<T> {
  put(key: string, value: T): void;
  remove(key: string): void;
}

/**
 * Keeps a local copy of a KV bucket of JSON records: replays every record, then follows each write and
 * delete. Every replica mirrors the alert manager's buckets, so any of them answers queries and the one
 * that becomes the sender starts from the stored state. A record that does not decode is reported and skipped.
 */
export class BucketMirror<T> {
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private caughtUpFlag = false;
  private caughtUpWaiters: (() => void)[] = [];

  constructor(
    private readonly kv: KV,
    private readonly decode: (value: unknown) => T,
    private readonly sink: MirrorSink<T>,
    private readonly onCorrupt: (key: string, error: Error) => void,
  ) {}

  get caughtUp(): boolean {
    return this.caughtUpFlag;
  }

  async start(): Promise<void> {
    if ((await this.kv.status()).values === 0) this.markCaughtUp();
    this.watcher = await this.kv.watch();
    this.following = this.follow(this.watcher);
  }

  /** Resolves once the replay of the stored records is done. */
  whenCaughtUp(): Promise<void> {
    if (this.caughtUpFlag) return Promise.resolve();
    return new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.watcher?.stop();
    await this.following;
  }

  private markCaughtUp(): void {
    if (this.caughtUpFlag) return;
    this.caughtUpFlag = true;
    for (const waiter of this.caughtUpWaiters.splice(0)) waiter();
  }

  private async follow(watcher: QueuedIterator<KvWatchEntry>): Promise<void> {
    for await (const entry of watcher) {
      if (entry.operation !== 'PUT') this.sink.remove(entry.key);
      else {
        try {
          this.sink.put(entry.key, this.decode(entry.json()));
        } catch (error) {
          this.onCorrupt(entry.key, error as Error);
        }
      }
      if (entry.delta === 0 || entry.isUpdate) this.markCaughtUp();
    }
  }
}
