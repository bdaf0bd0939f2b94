import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import type { LockHolding } from './lock-table';
import { LockSnapshots, TAKE_OVER_PARALLELISM, lockKey } from './lock-snapshots';

const LEADER_TOKEN = 5;

const holding = (holderId: string, fencingToken: number): LockHolding => ({
  holderId,
  mode: 'exclusive',
  fencingToken,
  expiresAt: Date.now() + 60_000,
});

/** The bucket, with its reads counted: how many were made, and the most in flight at once. */
interface CountedKv {
  kv: KV;
  reads: { total: number; inFlight: number; maxInFlight: number };
}

function countingReads(kv: KV): CountedKv {
  const reads = { total: 0, inFlight: 0, maxInFlight: 0 };
  const counted = new Proxy(kv, {
    get(target, property) {
      if (property === 'get')
        return async (...args: Parameters<KV['get']>) => {
          reads.total++;
          reads.maxInFlight = Math.max(reads.maxInFlight, ++reads.inFlight);
          try {
            return await target.get(...args);
          } finally {
            reads.inFlight--;
          }
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { kv: counted, reads };
}

/** What a leader keeps per lock must not grow with every lock name ever used, nor make take-over serial. */
describe('LockSnapshots state per lock (real nats-server)', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let bucketSequence = 0;

  const freshBucket = (): Promise<KV> =>
    new Kvm(nc).create(`coordination-growth-${++bucketSequence}`, { history: 1 });

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  it('forgets a released lock: its next grant reads the record first, while a held lock is written without a read', async () => {
    const { kv, reads } = countingReads(await freshBucket());
    const snapshots = new LockSnapshots(kv, LEADER_TOKEN);
    await snapshots.save('job', { holders: [holding('agent-1', 1)] });
    const afterFirstGrant = reads.total;
    await snapshots.save('job', { holders: [holding('agent-1', 1), holding('agent-2', 2)] });
    await snapshots.save('job', { holders: [] });
    expect(reads.total).toBe(afterFirstGrant);

    await snapshots.save('job', { holders: [holding('agent-3', 3)] });
    expect(reads.total).toBe(afterFirstGrant + 1);
    expect((await kv.get(lockKey('job')))?.json()).toMatchObject({
      fencingToken: LEADER_TOKEN,
      state: { holders: [expect.objectContaining({ holderId: 'agent-3' })] },
    });
  });

  it('takes over many locks several at a time, never more than TAKE_OVER_PARALLELISM, fencing every one', async () => {
    const bucket = await freshBucket();
    const names = Array.from({ length: 3 * TAKE_OVER_PARALLELISM + 5 }, (_, index) => `lock-${index}`);
    const earlier = new LockSnapshots(bucket, LEADER_TOKEN);
    for (const [index, name] of names.entries())
      await earlier.save(name, { holders: index % 2 === 0 ? [holding('agent-1', index + 1)] : [] });

    const { kv, reads } = countingReads(bucket);
    const taken = await new LockSnapshots(kv, LEADER_TOKEN + 1).takeOver();
    expect(reads.maxInFlight).toBeGreaterThan(1);
    expect(reads.maxInFlight).toBeLessThanOrEqual(TAKE_OVER_PARALLELISM);
    expect([...taken.keys()].sort()).toEqual(names.filter((_, index) => index % 2 === 0).sort());
    for (const name of names)
      expect((await bucket.get(lockKey(name)))?.json()).toMatchObject({ fencingToken: LEADER_TOKEN + 1 });
  });
});
