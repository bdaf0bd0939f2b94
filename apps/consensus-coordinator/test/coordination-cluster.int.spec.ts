import { Kvm } from '@nats-io/kv';
import { elect, serveConsensusAcceptor, serveVotes } from '@warden/agent-sdk';
import {
  Buckets,
  FailureDetected,
  LeaderElected,
  SubjectWildcards,
  Subjects,
  VoteCall,
  VoteOutcome,
  createMessage,
} from '@warden/contracts';
import type { CoreSubscription, Messaging } from '@warden/messaging';
import { eventually, startNatsCluster, type NatsClusterHandle, type ServiceProcess } from '@warden/testing';
import {
  COORDINATOR_TTL_MS,
  acquireLock,
  arriveAt,
  connectClient,
  launchCoordinator,
  leaderOf,
  propose,
} from './coordination-harness.test-helper';

jest.setTimeout(120_000);

function failureOf(agentId: string): FailureDetected {
  const at = new Date().toISOString();
  return createMessage(FailureDetected, {
    failureId: `failure-${agentId}`,
    agentId,
    hostId: 'host-1',
    zone: 'zone-a',
    incarnation: 1,
    failureType: 'heartbeat-timeout',
    severity: 'critical',
    detectedBy: 'failure-detector-test',
    detectedAt: at,
    evidence: {
      phi: 12,
      phiThreshold: 8,
      silenceMs: 3_000,
      intervalMeanMs: 500,
      intervalStdDevMs: 20,
      lastHeartbeatAt: at,
      lastSequence: 10,
    },
    summary: 'no heartbeat for 3 s',
  });
}

describe('consensus coordinator on a 3-node NATS cluster (replicas as OS processes)', () => {
  let cluster: NatsClusterHandle;
  let replicas: ServiceProcess[] = [];
  let client: Messaging;
  const acceptors: CoreSubscription[] = [];
  const elected: LeaderElected[] = [];

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    replicas = await Promise.all(['coord-a', 'coord-b'].map((id) => launchCoordinator(cluster.urls, id)));
    client = await connectClient(cluster.urls, 'test-client');
    await client.subscribeCore(SubjectWildcards.leaderElected, LeaderElected, (event) => {
      elected.push(event);
    });
    await eventually(() => leaderOf(client, 'consensus-coordinator'), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    for (const acceptor of acceptors) await acceptor.stop();
    await client?.close();
    await Promise.all(replicas.map((r) => r.stop().catch(() => undefined)));
    await cluster?.stop();
  });

  it('decides one value among 5 acceptor agents although both replicas propose different values', async () => {
    const agentIds = ['agent-1', 'agent-2', 'agent-3', 'agent-4', 'agent-5'];
    for (const id of agentIds) acceptors.push(await serveConsensusAcceptor(client, id));
    const decisions = await Promise.all(
      ['{"plan":"a"}', '{"plan":"b"}', '{"plan":"c"}'].map((value, i) =>
        propose(client, { instanceId: 'rollout-7', value, participantIds: agentIds, proposedBy: `svc-${i}` }),
      ),
    );
    expect(new Set(decisions.map((d) => d.value)).size).toBe(1);
    expect(decisions[0].acceptorIds.length).toBeGreaterThanOrEqual(3);
    const kv = await new Kvm(client.client.connection).open(Buckets.consensus.name);
    expect((await kv.get('decision.rollout-7'))?.json<{ value: string }>().value).toBe(decisions[0].value);
  });

  it('runs a vote with a quorum rule: accepted by 2 of 3, the same outcome on a repeated call, rejected when a voter is missing', async () => {
    for (const [id, accept] of [
      ['voter-1', true],
      ['voter-2', true],
      ['voter-3', false],
    ] as const) {
      acceptors.push(
        await serveVotes(client, id, () => (accept ? true : { accept: false, reason: 'draining' })),
      );
    }
    const call = (voteId: string, participantIds: string[], requiredYes?: number) =>
      client.publisher.request(
        Subjects.voteCall(voteId),
        VoteCall,
        {
          voteId,
          proposal: '{"release":"1.4.0"}',
          participantIds,
          deadlineMs: 5_000,
          calledBy: 'test',
          ...(requiredYes ? { requiredYes } : {}),
        },
        VoteOutcome,
        { timeoutMs: 10_000 },
      );
    const first = await call('release-1', ['voter-1', 'voter-2', 'voter-3']);
    expect(first.outcome).toBe('accepted');
    expect(first.yes).toEqual(expect.arrayContaining(['voter-1', 'voter-2']));
    expect(await call('release-1', ['voter-1', 'voter-2', 'voter-3'])).toEqual(first);
    const missing = await call('release-2', ['voter-1', 'voter-2', 'voter-gone'], 3);
    expect(missing.outcome).toBe('rejected');
  });

  it('breaks a double barrier for everyone when a member that entered is convicted', async () => {
    const arrival = (participantId: string, phase: 'enter' | 'leave') => ({
      barrierId: 'stage-2',
      participantId,
      expectedParticipants: 3,
      timeoutMs: 20_000,
      phase,
    });
    const entered = await Promise.all(['w1', 'w2', 'w3'].map((id) => arriveAt(client, arrival(id, 'enter'))));
    expect(entered.map((r) => r.outcome)).toEqual(['released', 'released', 'released']);
    const leaving = ['w1', 'w2'].map((id) => arriveAt(client, arrival(id, 'leave')));
    await new Promise((resolve) => setTimeout(resolve, 300));
    client.publisher.publish(Subjects.failures('critical', 'w3'), FailureDetected, failureOf('w3'));
    const left = await Promise.all(leaving);
    expect(left.map((r) => [r.outcome, r.failedParticipantIds])).toEqual([
      ['broken', ['w3']],
      ['broken', ['w3']],
    ]);
  });

  it("revokes a convicted agent's leadership at once and gives the domain to the next candidate", async () => {
    const first = await elect(client.client, 'report-writer', { candidateId: 'agent-7', ttlMs: 60_000 });
    const lost = new Promise((resolve) => first.onLost(resolve));
    const second = elect(client.client, 'report-writer', { candidateId: 'agent-8', ttlMs: 60_000 });
    client.publisher.publish(Subjects.failures('critical', 'agent-7'), FailureDetected, failureOf('agent-7'));
    expect(await lost).toBe('revoked');
    const next = await second;
    expect(next.fencingToken).toBeGreaterThan(first.fencingToken);
    // The election history: one LeaderElected per new leader, with its token.
    await eventually(() => elected.filter((e) => e.domain === 'report-writer').length >= 2, {
      timeoutMs: 5_000,
    });
    expect(
      elected.filter((e) => e.domain === 'report-writer').map((e) => [e.leaderId, e.fencingToken]),
    ).toEqual([
      ['agent-7', first.fencingToken],
      ['agent-8', next.fencingToken],
    ]);
    await next.resign();
  });

  it('replaces the leading replica after its process is killed, with a higher fencing token', async () => {
    const before = (await leaderOf(client, 'consensus-coordinator'))!;
    const held = await acquireLock(client, {
      lockName: 'held-across-failover',
      holderId: 'svc-a',
      ttlMs: 60_000,
      waitMs: 0,
    });
    expect(held.granted).toBe(true);
    const leader = replicas.find((r) => r.name === before.leaderId)!;
    await leader.kill();
    const after = await eventually(
      async () => {
        const current = await leaderOf(client, 'consensus-coordinator');
        return current && current.leaderId !== before.leaderId ? current : undefined;
      },
      { timeoutMs: 4 * COORDINATOR_TTL_MS },
    );
    expect(after.fencingToken).toBeGreaterThan(before.fencingToken);
    // The new leader serves locks once its duties are up (clients retry a moment of no responders);
    // its tokens stay above every token the old one issued.
    const grant = await eventually(
      () => acquireLock(client, { lockName: 'after-failover', holderId: 'svc-1', ttlMs: 5_000, waitMs: 0 }),
      { timeoutMs: 10_000 },
    );
    expect(grant.granted).toBe(true);
    expect(grant.fencingToken).toBeGreaterThan(held.fencingToken!);
    // The lock held before the failover is still held: the new leader took the holders over.
    const contested = await acquireLock(client, {
      lockName: 'held-across-failover',
      holderId: 'svc-b',
      ttlMs: 5_000,
      waitMs: 0,
    });
    expect(contested).toEqual(expect.objectContaining({ granted: false, currentHolderId: 'svc-a' }));
  });

  it('keeps elections, locks and barriers working with a NATS node killed', async () => {
    await cluster.servers[0].kill();
    // While JetStream re-elects stream leaders the coordinator may lose and retake its own lease, and a
    // request may find no responder for a moment: clients retry, as they would in production.
    const grant = await eventually(
      async () => {
        const reply = await acquireLock(client, {
          lockName: 'node-down',
          holderId: 'svc-1',
          ttlMs: 5_000,
          waitMs: 0,
        });
        return reply.granted ? reply : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(grant.fencingToken).toBeGreaterThan(0);
    const handle = await elect(client.client, 'node-down-domain', { candidateId: 'agent-9', ttlMs: 2_000 });
    expect(handle.isLeader()).toBe(true);
    const released = await eventually(
      async () => {
        const replies = await Promise.all(
          ['x', 'y'].map((id) =>
            arriveAt(client, {
              barrierId: 'node-down',
              participantId: id,
              expectedParticipants: 2,
              timeoutMs: 10_000,
            }),
          ),
        );
        return replies.every((r) => r.outcome === 'released') ? replies : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(released).toHaveLength(2);
    await handle.resign();
  });
});
