import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { InvalidSubjectTokenError } from '@warden/contracts';
import { CorruptFencedRecordError, InvalidFencingTokenError, StaleFencingTokenError } from './fencing-errors';
import { FencedResources, fenceKey, type FencedEntry } from './fenced-resources';

describe('FencedResources on JetStream KV (real nats-server)', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let kv: KV;
  let fences: FencedResources<string>;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    kv = await new Kvm(nc).create('coordination', { history: 1 });
    fences = new FencedResources<string>(kv);
  });

  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  it('refuses a write under a token below the highest admitted, and keeps the newer write', async () => {
    await fences.write('report', 5, 'by holder 5');
    const refusal = await fences.write('report', 3, 'by holder 3').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StaleFencingTokenError);
    expect(refusal).toMatchObject({ resource: 'report', token: 3, highest: 5 });
    expect(await fences.read('report')).toMatchObject({ fencingToken: 5, state: 'by holder 5' });
  });

  it('admits the same token again (the same holder) and a higher token (a newer holder)', async () => {
    await fences.write('ledger', 2, 'first');
    await fences.write('ledger', 2, 'same holder again');
    expect(await fences.read('ledger')).toMatchObject({ fencingToken: 2, state: 'same holder again' });
    await fences.write('ledger', 9, 'newer holder');
    expect(await fences.read('ledger')).toMatchObject({ fencingToken: 9, state: 'newer holder' });
  });

  it('admits an action without state: the highest token advances and the stored state stays', async () => {
    await fences.write('mailbox', 4, 'kept');
    expect(await fences.admit('mailbox', 6)).toMatchObject({ fencingToken: 6, state: 'kept' });
    await expect(fences.admit('mailbox', 5)).rejects.toThrow(StaleFencingTokenError);
    await expect(fences.write('mailbox', 5, 'late')).rejects.toThrow(StaleFencingTokenError);
    expect(await fences.read('mailbox')).toMatchObject({ fencingToken: 6, state: 'kept' });
  });

  it('applies a change to the current state under the token, once per writer, however many race', async () => {
    const counters = new FencedResources<number>(kv);
    await Promise.all(
      Array.from({ length: 10 }, () => counters.update('counter', 3, (count) => (count ?? 0) + 1)),
    );
    expect(await counters.read('counter')).toMatchObject({ fencingToken: 3, state: 10 });
    await expect(counters.update('counter', 2, (count) => (count ?? 0) + 1)).rejects.toThrow(
      StaleFencingTokenError,
    );
  });

  it('writes on the entry of its last write without reading, and a newer write in between still refuses it', async () => {
    const first = await fences.write('hinted', 3, 'one');
    const second = await fences.write('hinted', 3, 'two', first);
    expect(second).toMatchObject({ fencingToken: 3, state: 'two' });
    expect(second.revision).toBeGreaterThan(first.revision);
    await fences.write('hinted', 8, 'newer holder');
    // The hint is out of date: its compare-and-set loses, the fresh read sees 8 and refuses 3.
    await expect(fences.write('hinted', 3, 'three', second)).rejects.toMatchObject({
      name: 'StaleFencingTokenError',
      highest: 8,
    });
    expect(await fences.read('hinted')).toMatchObject({ fencingToken: 8, state: 'newer holder' });
  });

  it('keeps the highest token in the bucket, not in memory: another connection refuses the stale token', async () => {
    await fences.admit('durable', 11);
    const other = await connect({ servers: server.url });
    try {
      const elsewhere = new FencedResources<string>(await new Kvm(other).open('coordination'));
      await expect(elsewhere.admit('durable', 10)).rejects.toMatchObject({
        name: 'StaleFencingTokenError',
        highest: 11,
      });
    } finally {
      await other.close();
    }
  });

  it('never lets a lower token commit after a higher one among concurrent writers, even with equal stale tokens', async () => {
    const tokens = [
      ...Array.from({ length: 12 }, (_, i) => i + 1),
      ...Array.from({ length: 12 }, (_, i) => i + 1),
    ];
    const outcomes = await Promise.all(
      tokens.map((token, i) =>
        fences.write('contended', token, `writer ${i} with ${token}`).catch((error: unknown) => error),
      ),
    );
    const admitted = outcomes.filter((o): o is FencedEntry<string> => !(o instanceof Error));
    const refused = outcomes.filter((o) => o instanceof Error);
    expect(refused.every((error) => error instanceof StaleFencingTokenError)).toBe(true);
    // In commit order (the KV revision) the admitted tokens never go down: no stale writer passed late.
    const inCommitOrder = [...admitted].sort((a, b) => a.revision - b.revision).map((e) => e.fencingToken);
    expect(inCommitOrder).toEqual([...inCommitOrder].sort((a, b) => a - b));
    const final = await fences.read('contended');
    expect(final?.fencingToken).toBe(12);
    expect(final?.state).toMatch(/ with 12$/);
  });

  it('reads a value stored before fencing as state under no token, when told how, so any token replaces it', async () => {
    await kv.put(fenceKey('legacy'), JSON.stringify({ note: 'written before fencing' }));
    const upgraded = new FencedResources<{ note: string }>(kv, {
      unfencedState: (value) => value as { note: string },
    });
    expect(await upgraded.read('legacy')).toMatchObject({
      fencingToken: 0,
      state: { note: 'written before fencing' },
    });
    expect(await upgraded.write('legacy', 1, { note: 'fenced' })).toMatchObject({ fencingToken: 1 });
  });

  it('refuses a resource name that is not an id token, and a token that is not a positive integer', async () => {
    await expect(fences.write('reports.*', 3, 'x')).rejects.toThrow(InvalidSubjectTokenError);
    await expect(fences.admit('report', 0)).rejects.toThrow(InvalidFencingTokenError);
  });

  it('refuses to judge a resource whose stored fence is unreadable, with a typed error', async () => {
    await kv.put(fenceKey('garbled'), 'not a fenced record');
    await expect(fences.write('garbled', 3, 'x')).rejects.toThrow(CorruptFencedRecordError);
  });
});
