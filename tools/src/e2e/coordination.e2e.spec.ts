import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  Buckets,
  ElectionLeaders,
  ElectionLeadersQuery,
  FailureDetected,
  LockAcquire,
  LockGrant,
  SubjectWildcards,
  Subjects,
  createMessage,
  type DomainLeader,
} from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { eventually } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

/** 30 agents in 3 zones; the first candidate of zone-a (agent-0001) crashes 10 s in and stays down a while. */
const SCENARIO = `
name: e2e-coordination
description: the leader of a zone domain crashes; another agent of the zone takes over
seed: 5
fleet: { agents: 30, hosts: 6, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 30s }
load: { tasksPerAgentPerSecond: 0.5, taskDurationMs: { mean: 20, jitterRatio: 0.2 } }
duration: 120s
faults:
  - at: 10s
    kind: crash
    target: { agents: [agent-0001] }
`;

/**
 * Coordination end to end: the consensus coordinator as its own process beside the supervision chain,
 * fleet-sim's agents campaigning for `<zone>-lead` through the election library. A crashed leader is
 * replaced by another agent of its zone with a higher fencing token, and the failure detector's
 * conviction of it reaches the coordinator.
 */
describe('coordination end to end (separate processes)', () => {
  let stack: SupervisionStack;
  let observer: NatsConnection;
  /** Locks are the agents' to take: the test asks as the agent identity. */
  let agent: NatsConnection;
  let failures: FailureDetected[];
  const codec = new MessageCodec();

  beforeAll(async () => {
    stack = await SupervisionStack.start(['consensus-coordinator']);
    observer = await stack.connectAs('operator', 'e2e-coordination');
    agent = await stack.connectAs('agent', 'e2e-lock-client');
    failures = stack.record(SubjectWildcards.failures, FailureDetected);
    await stack.runScenario('coordination', SCENARIO);
  });

  afterAll(async () => {
    await observer?.close();
    await agent?.close();
    await stack?.stop();
  });

  async function request<Req extends object, Res extends object>(
    subject: string,
    as: 'operator' | 'agent',
    requestClass: new () => Req,
    payload: Req,
    replyClass: new () => Res,
  ): Promise<Res> {
    const encoded = codec.encode(requestClass, payload, { source: 'e2e' });
    const reply = await (as === 'agent' ? agent : observer).request(subject, encoded.data, {
      headers: encoded.headers,
      timeout: 3_000,
    });
    return codec.decode(reply, replyClass).payload;
  }

  const leaderOf = async (domain: string): Promise<DomainLeader | undefined> =>
    (
      await request(
        Subjects.electionLeadersQuery(),
        'operator',
        ElectionLeadersQuery,
        createMessage(ElectionLeadersQuery, { domain }),
        ElectionLeaders,
      ).catch(() => ({ leaders: [] }))
    ).leaders[0];

  it('elects one leader per zone among the agents that campaign', async () => {
    const leaders = await eventually(
      async () => {
        const found = await Promise.all(
          ['zone-a', 'zone-b', 'zone-c'].map((zone) => leaderOf(`${zone}-lead`)),
        );
        return found.every(Boolean) ? (found as DomainLeader[]) : undefined;
      },
      { timeoutMs: 30_000, message: 'not every zone got a leader' },
    );
    expect(leaders.map((l) => l.leaderId)).toEqual(['agent-0001', 'agent-0002', 'agent-0003']);
  });

  it('replaces the crashed leader of zone-a with another zone-a agent holding a higher fencing token', async () => {
    const before = await eventually(() => leaderOf('zone-a-lead'), { timeoutMs: 30_000 });
    const after = await eventually(
      async () => {
        const current = await leaderOf('zone-a-lead');
        return current && current.leaderId !== 'agent-0001' ? current : undefined;
      },
      { timeoutMs: 40_000, message: 'zone-a kept its crashed leader' },
    );
    expect(['agent-0004', 'agent-0007']).toContain(after.leaderId);
    expect(after.fencingToken).toBeGreaterThan(before.fencingToken);
    await eventually(() => failures.some((f) => f.agentId === 'agent-0001'), {
      timeoutMs: 40_000,
      message: 'the failure detector never convicted agent-0001',
    });
    // The convicted agent holds no election any more (its key is gone or someone else's).
    const kv = await new Kvm(observer).open(Buckets.coordination.name);
    const record = await kv.get('election.zone-a-lead');
    expect(record?.json<{ holderId: string }>().holderId).not.toBe('agent-0001');
  });

  it('serves locks with fencing tokens to an agent', async () => {
    const grant = await request(
      Subjects.lockAcquire('e2e-lock'),
      'agent',
      LockAcquire,
      createMessage(LockAcquire, { lockName: 'e2e-lock', holderId: 'e2e-client', ttlMs: 5_000, waitMs: 0 }),
      LockGrant,
    );
    expect(grant).toEqual(expect.objectContaining({ granted: true, fencingToken: expect.any(Number) }));
  });
});
