import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { KvLeaseStore } from './kv-lease-store';
import { LeaderElection } from './leader-election';
import { currentLeaders, revokeLeadershipsOf } from './leader-observer';

const TTL_MS = 1_000;

describe('LeaderElection on JetStream KV (real nats-server)', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let store: KvLeaseStore;
  const elections: LeaderElection[] = [];

  const candidate = (domain: string, candidateId: string) => {
    const election = new LeaderElection({ store, domain, candidateId, ttlMs: TTL_MS });
    elections.push(election);
    return election;
  };

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    store = new KvLeaseStore(await new Kvm(nc).create('coordination', { history: 1 }));
  });

  afterEach(async () => {
    for (const election of elections.splice(0)) await election.stop();
  });

  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  it('elects one candidate, hands over at once on resignation with a higher token', async () => {
    const a = candidate('scheduler', 'a');
    const b = candidate('scheduler', 'b');
    const first = await a.campaign();
    const second = b.campaign();
    expect(b.isLeader()).toBe(false);
    await a.resign();
    const next = await second;
    expect(next.leaderId).toBe('b');
    expect(next.fencingToken).toBeGreaterThan(first.fencingToken);
    expect(await currentLeaders(store, Date.now(), 'scheduler')).toEqual([
      expect.objectContaining({ domain: 'scheduler', leaderId: 'b' }),
    ]);
  });

  it('replaces a leader that stopped renewing (a crash) after its TTL, never before', async () => {
    const a = candidate('crashy', 'a');
    await a.campaign();
    const b = candidate('crashy', 'b');
    const next = b.campaign();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const crashedAt = Date.now();
    a.abandon();
    await next;
    // b could only take over once it had seen a's last renewal unchanged for a whole TTL.
    expect(Date.now() - crashedAt).toBeGreaterThan(TTL_MS / 2);
  });

  it('tells a revoked leader at once, and lets the next candidate in', async () => {
    const a = candidate('revoked', 'agent-1');
    await a.campaign();
    const lost = new Promise((resolve) => a.onLost(resolve));
    const b = candidate('revoked', 'agent-2');
    const next = b.campaign();
    expect(await revokeLeadershipsOf(store, 'agent-1')).toEqual(['revoked']);
    expect(await lost).toBe('revoked');
    expect((await next).leaderId).toBe('agent-2');
  });
});
