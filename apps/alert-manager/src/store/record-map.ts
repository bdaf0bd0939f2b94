import type { MirrorSink } from '@warden/messaging';

export type RecordChange<T> = (key: string, value: T | undefined, previous: T | undefined) => void;

/** The local copy of one bucket, with listeners told of each change (the sender follows alerts this way). */
export class RecordMap<T> implements MirrorSink<T> {
  private readonly records = new Map<string, T>();
  private readonly listeners = new Set<RecordChange<T>>();

  get size(): number {
    return this.records.size;
  }

  get(key: string): T | undefined {
    return this.records.get(key);
  }

  values(): IterableIterator<T> {
    return this.records.values();
  }

  put(key: string, value: T): void {
    const previous = this.records.get(key);
    this.records.set(key, value);
    for (const listener of this.listeners) listener(key, value, previous);
  }

  remove(key: string): void {
    const previous = this.records.get(key);
    if (previous === undefined) return;
    this.records.delete(key);
    for (const listener of this.listeners) listener(key, undefined, previous);
  }

  /** Returns the function that stops listening. */
  listen(listener: RecordChange<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
