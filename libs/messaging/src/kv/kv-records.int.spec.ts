import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { KvBucket } from './kv-bucket';
import type { KvRecords } from './kv-records';
import { WriteContentionError } from './write-contention-error';

interface Counter {
  count: number;
}

function counterOf(value: unknown): Counter {
  if (typeof value !== 'object' || value === null || typeof (value as Counter).count !== 'number')
    throw new Error('not a counter');
  return value as Counter;
}

describe('KvRecords and BucketMirror on JetStream KV (real nats-server)', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let other: NatsConnection;
  let kv: KV;
  let records: KvRecords<Counter>;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    other = await connect({ servers: server.url });
    kv = await new Kvm(nc).create('records', { history: 1 });
    records = new KvBucket(kv, 'records').records(counterOf);
  });

  afterAll(async () => {
    await other.close();
    await nc.close();
    await server.dispose();
  });

  it('loses no increment when many writers on two connections mutate one key at once', async () => {
    const elsewhere = new KvBucket(await new Kvm(other).open('records'), 'records').records(counterOf);
    const writers = Array.from({ length: 24 }, (_, index) =>
      (index % 2 ? records : elsewhere).mutate('hits', (current) => ({ count: (current?.count ?? 0) + 1 })),
    );
    await Promise.all(writers);
    expect((await records.get('hits'))?.value).toEqual({ count: 24 });
  });

  it('returns the result of the run that committed and the revision it wrote', async () => {
    await records.put('decided', { count: 1 });
    const { result, revision } = await records.decide('decided', (stored) => ({
      next: { count: (stored?.value.count ?? 0) + 10 },
      result: `from ${stored?.value.count}`,
    }));
    expect(result).toBe('from 1');
    expect(revision).toBe((await records.get('decided'))?.revision);
  });

  it('writes nothing when the decision has no next value, and keeps the stored object as the result of mutate', async () => {
    await records.put('kept', { count: 7 });
    const before = await records.get('kept');
    const kept = await records.mutate('kept', () => undefined);
    expect(kept).toEqual({ count: 7 });
    expect((await records.get('kept'))?.revision).toBe(before?.revision);
  });

  it('creates a key guessed absent, and reads and updates it when the guess was wrong', async () => {
    expect(await records.mutate('guess', () => ({ count: 1 }), { likelyAbsent: true })).toEqual({ count: 1 });
    const next = await records.mutate('guess', (current) => ({ count: (current?.count ?? 0) + 1 }), {
      likelyAbsent: true,
    });
    expect(next).toEqual({ count: 2 });
  });

  it('writes at a revision only while the key is still there', async () => {
    const first = await records.writeAt('fenced', { count: 1 }, undefined);
    expect(first).toBeDefined();
    expect(await records.writeAt('fenced', { count: 9 }, undefined)).toBeUndefined();
    const second = await records.writeAt('fenced', { count: 2 }, first);
    expect(second).toBeGreaterThan(first ?? 0);
    expect(await records.writeAt('fenced', { count: 3 }, first)).toBeUndefined();
    expect((await records.get('fenced'))?.value).toEqual({ count: 2 });
  });

  it('keeps the first value written once and hands it to every later writer', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((count) => records.createOnce('once', { count })));
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const winner = results.find((result) => result.created)?.stored.value;
    for (const result of results) expect(result.stored.value).toEqual(winner);
  });

  it('refuses a stored value its decoder refuses', async () => {
    await kv.put('corrupt', JSON.stringify({ nope: true }));
    await expect(records.get('corrupt')).rejects.toThrow('not a counter');
  });

  it('gives up with WriteContentionError naming bucket and key when every round loses', async () => {
    // Another writer changes the key between every read and the conditional write that follows it, so the
    // server refuses each write as a conflict.
    const interleaved = Object.create(kv) as KV;
    interleaved.update = async (key, data, revision) => {
      await kv.put(key, JSON.stringify({ count: 100 }));
      return kv.update(key, data, revision);
    };
    const losing = new KvBucket(interleaved, 'records').records(counterOf, { maxAttempts: 3, jitterMs: 0 });
    await losing.put('busy', { count: 0 });
    let rounds = 0;
    const error = await losing
      .decide('busy', () => {
        rounds++;
        return { next: { count: -1 }, result: undefined };
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WriteContentionError);
    expect(error).toMatchObject({ bucket: 'records', key: 'busy', attempts: 3 });
    expect(rounds).toBe(3);
    expect((await records.get('busy'))?.value).toEqual({ count: 100 });
  });

  it('mirrors a bucket: replays what is stored, follows writes and deletes, skips and reports a corrupt record', async () => {
    const mirrored = await new Kvm(nc).create('mirrored', { history: 1 });
    await mirrored.put('a', JSON.stringify({ count: 1 }));
    await mirrored.put('bad', 'not json');
    const seen = new Map<string, Counter>();
    const corrupt: string[] = [];
    const mirror = new KvBucket(mirrored, 'mirrored').mirror(
      counterOf,
      { put: (key, value) => seen.set(key, value), remove: (key) => seen.delete(key) },
      (key) => corrupt.push(key),
    );
    await mirror.start();
    await mirror.whenCaughtUp();
    expect(mirror.caughtUp).toBe(true);
    expect([...seen]).toEqual([['a', { count: 1 }]]);
    expect(corrupt).toEqual(['bad']);
    await mirrored.put('b', JSON.stringify({ count: 2 }));
    await mirrored.delete('a');
    await eventually(() => seen.has('b') && !seen.has('a'), {
      message: 'mirror follows the write and the delete',
    });
    await mirror.stop();
  });

  it('is caught up at once on an empty bucket', async () => {
    const empty = await new Kvm(nc).create('empty-mirror', { history: 1 });
    const mirror = new KvBucket(empty, 'empty-mirror').mirror(
      counterOf,
      { put: () => undefined, remove: () => undefined },
      () => undefined,
    );
    await mirror.start();
    expect(mirror.caughtUp).toBe(true);
    await mirror.stop();
  });
});
