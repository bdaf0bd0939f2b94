import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { KvLeaseStore, LeaderElection, StaleFencingTokenError, type Leadership } from '@warden/messaging';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import type { LockHolding } from './lock-table';
import { LockSnapshots, lockKey } from './lock-snapshots';

const TTL_MS = 500;

const holding = (holderId: string, fencingToken: number): LockHolding => ({
  holderId,
  mode: 'exclusive',
  fencingToken,
  expiresAt: Date.now() + 60_000,
});

describe("LockSnapshots, fenced by the leading replica's election token (real nats-server)", () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let kv: KV;
  const elections: LeaderElection[] = [];

  const lead = (domain: string, candidateId: string): Promise<Leadership> => {
    const election = new LeaderElection({ store: new KvLeaseStore(kv), domain, candidateId, ttlMs: TTL_MS });
    elections.push(election);
    return election.campaign();
  };

  /** The old leader stops renewing without noticing (a GC pause) and a contender takes the domain over. */
  const depose = async (domain: string): Promise<Leadership> => {
    const old = elections[elections.length - 1];
    const next = lead(domain, 'coord-b');
    old.abandon();
    return next;
  };

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    kv = await new Kvm(nc).create('coordination', { history: 1 });
  });

  afterEach(async () => {
    for (const election of elections.splice(0)) await election.stop();
  });

  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  it("refuses a deposed leader's snapshot written after the new leader's, and keeps the new leader's holders", async () => {
    const first = await lead('coordinator-a', 'coord-a');
    const deposed = new LockSnapshots(kv, first.fencingToken);
    await deposed.save('job', { holders: [holding('agent-1', 10)] });
    const second = await depose('coordinator-a');
    expect(second.fencingToken).toBeGreaterThan(first.fencingToken);
    const current = new LockSnapshots(kv, second.fencingToken);
    await current.save('job', { holders: [holding('agent-2', 100_001)] });

    const refusal = await deposed
      .save('job', { holders: [holding('agent-1', 10), holding('agent-3', 11)] })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StaleFencingTokenError);
    expect(refusal).toMatchObject({ token: first.fencingToken, highest: second.fencingToken });
    // A release by the deposed leader (its last holder gone) must not clear the new leader's holders either.
    await expect(deposed.save('job', { holders: [] })).rejects.toThrow(StaleFencingTokenError);

    const stored = await current.takeOver();
    expect(stored.get('job')?.holders).toEqual([expect.objectContaining({ holderId: 'agent-2' })]);
  });

  it('lets the leader clear a released lock: the lock is not restored, and a deposed leader cannot bring it back', async () => {
    const first = await lead('coordinator-b', 'coord-a');
    const deposed = new LockSnapshots(kv, first.fencingToken);
    await deposed.save('queue', { holders: [holding('agent-1', 20)] });
    const second = await depose('coordinator-b');
    const current = new LockSnapshots(kv, second.fencingToken);
    await current.save('queue', { holders: [] });
    expect((await current.takeOver()).has('queue')).toBe(false);

    await expect(deposed.save('queue', { holders: [holding('agent-1', 20)] })).rejects.toThrow(
      StaleFencingTokenError,
    );
    expect((await current.takeOver()).has('queue')).toBe(false);
  });

  it('takes over snapshots an older leader wrote: a newer token may replace them', async () => {
    const first = await lead('coordinator-c', 'coord-a');
    await new LockSnapshots(kv, first.fencingToken).save('report', { holders: [holding('agent-1', 30)] });
    const second = await depose('coordinator-c');
    const current = new LockSnapshots(kv, second.fencingToken);
    expect((await current.takeOver()).get('report')?.holders).toEqual([
      expect.objectContaining({ holderId: 'agent-1', fencingToken: 30 }),
    ]);
    await current.save('report', {
      holders: [holding('agent-1', 30), holding('agent-4', 100_002)],
      maxHolders: 2,
    });
    expect((await current.takeOver()).get('report')).toMatchObject({ maxHolders: 2 });
  });

  it('fences every stored lock at take-over: a deposed leader cannot change a lock the new leader has not written yet', async () => {
    const first = await lead('coordinator-e', 'coord-a');
    const deposed = new LockSnapshots(kv, first.fencingToken);
    await deposed.save('untouched', { holders: [holding('agent-1', 50)] });
    const second = await depose('coordinator-e');
    const current = new LockSnapshots(kv, second.fencingToken);
    expect([...(await current.takeOver()).keys()]).toContain('untouched');

    await expect(deposed.save('untouched', { holders: [] })).rejects.toThrow(StaleFencingTokenError);
    expect((await current.takeOver()).get('untouched')?.holders).toEqual([
      expect.objectContaining({ holderId: 'agent-1' }),
    ]);
  });

  it('restores a snapshot stored before snapshots were fenced, and lets the leader replace it', async () => {
    await kv.put(lockKey('legacy'), JSON.stringify({ holders: [holding('agent-5', 40)] }));
    const leader = await lead('coordinator-d', 'coord-a');
    const current = new LockSnapshots(kv, leader.fencingToken);
    expect((await current.takeOver()).get('legacy')?.holders).toEqual([
      expect.objectContaining({ holderId: 'agent-5' }),
    ]);
    await current.save('legacy', { holders: [] });
    expect((await current.takeOver()).has('legacy')).toBe(false);
  });
});
