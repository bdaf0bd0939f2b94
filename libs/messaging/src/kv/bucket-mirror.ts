import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { QueuedIterator } from '@nats-io/nats-core';

/** Where a mirror delivers: a map, a fleet view, the membership of pattern detection… */
export interface MirrorSink<T> {
  put(key: string, value: T): void;
  remove(key: string): void;
}

export interface BucketMirrorOptions<T> {
  /** Decodes one stored value (raw bytes, as some records are not JSON); throws on a value it refuses. */
  decode: (key: string, value: Uint8Array) => T;
  sink: MirrorSink<T>;
  /** A value `decode` (or the sink) refused: reported, skipped, and the mirror goes on. */
  onCorrupt: (key: string, error: Error) => void;
}

/**
 * Keeps a sink equal to a KV bucket: the watch first replays every current record, then follows each write
 * and delete. `caughtUp` turns true once the replay is done (immediately for an empty bucket; otherwise
 * after the entry with nothing pending behind it, or the first live update), so a replica that takes over a
 * role from the stored state can wait for all of it.
 */
export class BucketMirror<T> {
  private watcher?: QueuedIterator<KvWatchEntry>;
  private following?: Promise<void>;
  private caughtUpFlag = false;
  private caughtUpWaiters: (() => void)[] = [];

  constructor(
    private readonly kv: KV,
    private readonly options: BucketMirrorOptions<T>,
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
    const { decode, sink, onCorrupt } = this.options;
    for await (const entry of watcher) {
      if (entry.operation !== 'PUT') sink.remove(entry.key);
      else {
        try {
          sink.put(entry.key, decode(entry.key, entry.value));
        } catch (error) {
          onCorrupt(entry.key, error as Error);
        }
      }
      if (entry.delta === 0 || entry.isUpdate) this.markCaughtUp();
    }
  }
}
