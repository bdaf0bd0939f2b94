import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { PartitionOwnership } from './partition-ownership';

const PARTITIONS = 16;
const LEASE_TTL_MS = 1_500;

interface Replica {
  id: string;
  nc: NatsConnection;
  ownership: PartitionOwnership;
  /** Every acquire and release in order, to check that no partition is ever held twice at once. */
  log: string[];
}

describe('PartitionOwnership against a real nats-server', () => {
  let server: NatsServerHandle;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterEach(async () => {
    for (const replica of replicas.splice(0)) {
      await replica.ownership.stop();
      await replica.nc.close().catch(() => undefined);
    }
  });
  afterAll(async () => {
    await server.dispose();
  });

  async function startReplica(id: string, bucket: string): Promise<Replica> {
    const nc = await connect({ servers: server.url, name: id });
    const kv = await new Kvm(nc).create(bucket, { ttl: LEASE_TTL_MS, history: 1 });
    const log: string[] = [];
    const ownership = new PartitionOwnership({
      kv,
      group: 'collector',
      memberId: id,
      partitions: PARTITIONS,
      leaseTtlMs: LEASE_TTL_MS,
      onAcquired: (p) => void log.push(`+${p}`),
      onReleased: (p, reason) => void log.push(`-${p}:${reason}`),
    });
    const replica = { id, nc, ownership, log };
    replicas.push(replica);
    await ownership.start();
    return replica;
  }

  function expectExactCover(live: Replica[]) {
    const owned = live.flatMap((r) => r.ownership.owned());
    expect(owned.sort((a, b) => a - b)).toEqual(Array.from({ length: PARTITIONS }, (_, i) => i));
  }

  const settled = (live: Replica[]) =>
    eventually(
      () => {
        expectExactCover(live);
        return live.every((r) => r.ownership.isSettled());
      },
      { timeoutMs: 15_000, message: 'partitions did not settle' },
    );

  it('gives back a partition whose takeover failed, and takes it over in a later round', async () => {
    const nc = await connect({ servers: server.url, name: 'flaky' });
    const kv = await new Kvm(nc).create('leases-flaky', { ttl: LEASE_TTL_MS, history: 1 });
    const log: string[] = [];
    const errors: string[] = [];
    let failuresLeft = 2;
    const ownership = new PartitionOwnership({
      kv,
      group: 'collector',
      memberId: 'flaky',
      partitions: PARTITIONS,
      leaseTtlMs: LEASE_TTL_MS,
      // The registry read of partition 3 fails twice, as it does while a NATS node is lost.
      onAcquired: (p) => {
        if (p === 3 && failuresLeft-- > 0) throw new Error('registry not readable');
        log.push(`+${p}`);
      },
      onReleased: (p, reason) => void log.push(`-${p}:${reason}`),
      onError: (_error, during) => void errors.push(during),
    });
    replicas.push({ id: 'flaky', nc, ownership, log });
    await ownership.start();
    // The first round failed on 3 but went on claiming the others, and did not keep 3's lease.
    expect(ownership.owned()).not.toContain(3);
    expect(ownership.owned()).toHaveLength(PARTITIONS - 1);
    expect(log).toContain('-3:failed');
    await eventually(() => ownership.owned().includes(3), {
      timeoutMs: 10_000,
      message: 'partition 3 was never taken over after its failed takeovers',
    });
    expect(log.filter((entry) => entry === '-3:failed')).toHaveLength(2);
    expect(log.filter((entry) => entry === '+3')).toHaveLength(1);
    expect(errors.filter((during) => during === 'take over partition')).toHaveLength(2);
  });

  it('keeps the leases it holds while slow takeovers of many partitions are under way', async () => {
    const nc = await connect({ servers: server.url, name: 'slow' });
    const kv = await new Kvm(nc).create('leases-slow', { ttl: LEASE_TTL_MS, history: 1 });
    const log: string[] = [];
    const tokens = new Map<number, number>();
    const ownership = new PartitionOwnership({
      kv,
      group: 'collector',
      memberId: 'slow',
      partitions: PARTITIONS,
      leaseTtlMs: LEASE_TTL_MS,
      // A registry load that takes 400 ms per partition: 16 in a row would take 6.4 s, over four TTLs.
      onAcquired: async (p, fencingToken) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        tokens.set(p, fencingToken);
        log.push(`+${p}`);
      },
      onReleased: (p, reason) => void log.push(`-${p}:${reason}`),
    });
    replicas.push({ id: 'slow', nc, ownership, log });
    await ownership.start();

    // Every partition taken over and its lease refreshed since (its revision moved past the fencing token).
    await eventually(
      async () => {
        if (ownership.owned().length !== PARTITIONS) return false;
        for (let p = 0; p < PARTITIONS; p++) {
          const entry = await kv.get(`partitions.collector.${p}`);
          const token = tokens.get(p);
          if (!entry || token === undefined || entry.revision <= token) return false;
        }
        return true;
      },
      { timeoutMs: 20_000, message: 'the slow takeovers never all settled with refreshed leases' },
    );
    expect(log.filter((entry) => entry.endsWith(':lost'))).toEqual([]);
    expect(log.filter((entry) => entry.startsWith('+'))).toHaveLength(PARTITIONS);
  });

  it('shares every partition exactly once among the live replicas', async () => {
    const live = [
      await startReplica('a', 'leases1'),
      await startReplica('b', 'leases1'),
      await startReplica('c', 'leases1'),
    ];
    await settled(live);
    for (const replica of live) expect(replica.ownership.owned().length).toBeGreaterThan(0);
  });

  it('hands a stopped replica’s partitions over without waiting for the lease to expire', async () => {
    const a = await startReplica('a', 'leases2');
    const b = await startReplica('b', 'leases2');
    await settled([a, b]);
    const fromB = b.ownership.owned();

    await b.ownership.stop();
    await b.nc.close();
    replicas.splice(replicas.indexOf(b), 1);

    await settled([a]);
    expect(b.log.filter((e) => e.endsWith(':shutdown')).length).toBe(fromB.length);
  });

  it('moves a crashed replica’s partitions after the lease TTL, and the crashed one knows it lost them', async () => {
    const a = await startReplica('a', 'leases3');
    const b = await startReplica('b', 'leases3');
    const c = await startReplica('c', 'leases3');
    await settled([a, b, c]);
    const fromC = c.ownership.owned();

    await c.nc.close(); // c can no longer refresh: to the others it is dead

    await settled([a, b]);
    await eventually(() => c.ownership.owned().length === 0, { timeoutMs: 10_000 });
    for (const partition of fromC) {
      expect(c.log).toContain(`-${partition}:lost`);
      expect(c.ownership.holds(partition)).toBe(false);
    }
  });

  it('gives a joining replica its share, taken from the others by rebalance', async () => {
    const a = await startReplica('a', 'leases4');
    await settled([a]);
    expect(a.ownership.owned().length).toBe(PARTITIONS);

    const b = await startReplica('b', 'leases4');
    await settled([a, b]);
    expect(b.ownership.owned().length).toBeGreaterThan(0);
    expect(a.log.some((e) => e.endsWith(':rebalance'))).toBe(true);
  });
});
