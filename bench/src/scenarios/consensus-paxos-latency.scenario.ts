import { serveConsensusAcceptor } from '@warden/agent-sdk';
import { ConsensusDecided, ConsensusProposal, Subjects } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { measureRoundTrips } from '../workloads/measure-round-trips';
import { openMessaging } from '../workloads/open-messaging';
import { RawEchoResponder, RawRequester } from '../workloads/raw-request-reply';
import { withNatsServer } from '../workloads/with-nats-server';
import { BENCH_PAYLOAD } from '../workloads/bench-payload';
import { launchConsensusCoordinator } from './consensus/coordinator-process';

const ACCEPTORS = 5;

export const consensusPaxosLatencyScenario: Scenario = {
  name: 'consensus-paxos-latency',
  description:
    `Paxos decision latency with ${ACCEPTORS} acceptor agents: a ConsensusProposal request for a new instance → ` +
    'ConsensusDecided, through the consensus coordinator process (prepare/promise and accept/accepted to each ' +
    "agent's acceptor, which persists its promise and acceptance in JetStream KV before answering; the decision " +
    'recorded in KV and published durably). Acceptors run on their own connections in the bench process.',
  baseline:
    'two raw nats.js request/reply round trips in a row (the two phases without persistence or quorum)',
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const coordinator = await launchConsensusCoordinator(server.url);
      const acceptorConnections: Messaging[] = [];
      const responder = await RawEchoResponder.open(server.url, 'bench.paxos.echo');
      const requester = await RawRequester.open(server.url);
      const client = await openMessaging(server.url, 'bench-proposer');
      try {
        const agentIds = Array.from({ length: ACCEPTORS }, (_, i) => `bench-acceptor-${i}`);
        for (const agentId of agentIds) {
          const messaging = await openMessaging(server.url, agentId);
          acceptorConnections.push(messaging);
          await serveConsensusAcceptor(messaging, agentId);
        }
        let instance = 0;
        const { roundTrips, repetitionBudgetMs } = context.profile;
        return await compareLatency(
          context,
          {
            label: 'raw request/reply × 2',
            measure: () =>
              measureRoundTrips({
                roundTrips,
                timeBudgetMs: repetitionBudgetMs,
                roundTrip: async () => {
                  await requester.request('bench.paxos.echo', BENCH_PAYLOAD);
                  await requester.request('bench.paxos.echo', BENCH_PAYLOAD);
                },
              }),
          },
          {
            label: `Paxos decision, ${ACCEPTORS} acceptors`,
            measure: () =>
              measureRoundTrips({
                roundTrips,
                timeBudgetMs: repetitionBudgetMs,
                roundTrip: () =>
                  client.publisher.request(
                    Subjects.consensusPropose(`bench-${instance}`),
                    ConsensusProposal,
                    {
                      instanceId: `bench-${instance++}`,
                      value: '{"v":1}',
                      participantIds: agentIds,
                      proposedBy: 'bench',
                    },
                    ConsensusDecided,
                    { timeoutMs: 10_000 },
                  ),
              }),
          },
        );
      } finally {
        await client.close();
        await requester.close();
        await responder.close();
        for (const messaging of acceptorConnections) await messaging.close();
        await coordinator.stop();
      }
    }),
};
