import { Kvm, type KV } from '@nats-io/kv';
import { Buckets, CommandReceipt, LockAcquire, LockGrant, LockRelease, Subjects } from '@warden/contracts';
import { ensureBucket, type Messaging } from '@warden/messaging';
import { compareThroughput } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import type { Scenario } from '../framework/scenario';
import { openMessaging } from '../workloads/open-messaging';
import { withNatsServer } from '../workloads/with-nats-server';
import { launchConsensusCoordinator } from './consensus/coordinator-process';

async function timed(
  count: number,
  budgetMs: number,
  operation: (i: number) => Promise<void>,
): Promise<ThroughputRepetition> {
  const started = performance.now();
  let messages = 0;
  while (messages < count && (messages === 0 || performance.now() - started < budgetMs)) {
    await operation(messages);
    messages++;
  }
  return { messages, elapsedMs: performance.now() - started };
}

async function lockCycle(messaging: Messaging, holderId: string): Promise<void> {
  const grant = await messaging.publisher.request(
    Subjects.lockAcquire('bench-lock'),
    LockAcquire,
    { lockName: 'bench-lock', holderId, ttlMs: 10_000, waitMs: 0 },
    LockGrant,
    { timeoutMs: 5_000 },
  );
  if (!grant.granted || grant.fencingToken === undefined) throw new Error(`lock refused: ${grant.reason}`);
  const receipt = await messaging.publisher.request(
    Subjects.lockRelease('bench-lock'),
    LockRelease,
    { lockName: 'bench-lock', holderId, fencingToken: grant.fencingToken },
    CommandReceipt,
    { timeoutMs: 5_000 },
  );
  if (!receipt.accepted) throw new Error(`release refused: ${receipt.reason}`);
}

async function kvCycle(kv: KV, i: number): Promise<void> {
  const revision = await kv.create('bench-raw-lock', String(i));
  await kv.delete('bench-raw-lock', { previousSeq: revision });
}

export const consensusLockThroughputScenario: Scenario = {
  name: 'consensus-lock-throughput',
  description:
    'lock acquire + release pairs per second, one client, one at a time: LockAcquire → LockGrant (with a fencing ' +
    'token) and LockRelease → CommandReceipt through the consensus coordinator process (built output).',
  baseline:
    'the raw compare-and-set a KV lock needs: nats.js KV create + delete (by revision) of one key, one pair at a time',

  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const coordinator = await launchConsensusCoordinator(server.url);
      const messaging = await openMessaging(server.url, 'bench-lock-client');
      try {
        const jsm = await messaging.client.jetstreamManager();
        await ensureBucket(messaging.client.jetstream, jsm, Buckets.coordination, { replicas: 1 });
        const kv = await new Kvm(messaging.client.connection).open(Buckets.coordination.name);
        const { roundTrips, repetitionBudgetMs } = context.profile;
        return await compareThroughput(
          context,
          {
            label: 'raw KV create + delete',
            measure: () => timed(roundTrips, repetitionBudgetMs, (i) => kvCycle(kv, i)),
          },
          {
            label: 'lock acquire + release via the coordinator',
            measure: () => timed(roundTrips, repetitionBudgetMs, () => lockCycle(messaging, 'bench-holder')),
          },
        );
      } finally {
        await messaging.close();
        await coordinator.stop();
      }
    }),
};
