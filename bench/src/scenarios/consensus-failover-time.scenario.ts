import { Kvm } from '@nats-io/kv';
import { Buckets } from '@warden/contracts';
import { KvLeaseStore, LeaderElection, ensureBucket, type Leadership } from '@warden/messaging';
import { compareLatency } from '../framework/compare-alternating';
import type { LatencyRepetition } from '../framework/repetition';
import type { Scenario } from '../framework/scenario';
import { openMessaging } from '../workloads/open-messaging';
import { withNatsServer } from '../workloads/with-nats-server';

const TTL_MS = 2_000;
const CONTENDERS = 2;

/**
 * One handover: a leader and contenders campaign for a fresh domain; once the leader is elected it
 * either crashes (abandons the lease without a word, as a killed process) or resigns, and the latency
 * is that moment → a contender's election.
 */
async function handover(store: KvLeaseStore, domain: string, crash: boolean): Promise<number> {
  const leader = new LeaderElection({ store, domain, candidateId: 'leader', ttlMs: TTL_MS });
  await leader.campaign();
  const contenders = Array.from(
    { length: CONTENDERS },
    (_, i) => new LeaderElection({ store, domain, candidateId: `contender-${i}`, ttlMs: TTL_MS }),
  );
  const next = Promise.race(contenders.map((c) => c.campaign()));
  // Let the contenders see the leader's lease first, as they would in a running system.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const startedAt = performance.now();
  if (crash) leader.abandon();
  else await leader.resign();
  const winner: Leadership = await next;
  const latency = performance.now() - startedAt;
  await Promise.all(
    contenders.map((c) =>
      c.isLeader() && c.leadership()?.leaderId === winner.leaderId ? c.resign() : c.stop(),
    ),
  );
  return latency;
}

export const consensusFailoverTimeScenario: Scenario = {
  name: 'consensus-failover-time',
  description:
    `leader killed → new leader known, with a ${TTL_MS / 1000} s lease TTL: a leader and ${CONTENDERS} contenders (libs/messaging ` +
    'LeaderElection on the JetStream KV `coordination` bucket); the leader stops renewing without a word (a killed ' +
    'process), and the latency is that moment → a contender elected. One handover per repetition.',
  baseline:
    'the same handover when the leader resigns (deletes its lease): the election machinery without the TTL wait',
  goal: {
    text: 'issue 8: failover after a killed leader within TTL plus a small margin (p99 ≤ 2.5 s at a 2 s TTL)',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 2_500,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const messaging = await openMessaging(server.url, 'bench-election');
      try {
        const jsm = await messaging.client.jetstreamManager();
        await ensureBucket(messaging.client.jetstream, jsm, Buckets.coordination, { replicas: 1 });
        const store = new KvLeaseStore(
          await new Kvm(messaging.client.connection).open(Buckets.coordination.name),
        );
        let round = 0;
        const trial = (label: string, crash: boolean) => ({
          label,
          measure: async (): Promise<LatencyRepetition> => ({
            latenciesMs: [await handover(store, `bench-${round++}`, crash)],
          }),
        });
        return await compareLatency(
          context,
          trial('leader resigns → successor elected', false),
          trial('leader killed → successor elected', true),
        );
      } finally {
        await messaging.close();
      }
    }),
};
