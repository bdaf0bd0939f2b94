import { Subjects } from '@warden/contracts';
import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { benchHeartbeat } from '../workloads/bench-heartbeat';
import { MessagingCorePipeline } from '../workloads/messaging-core-pipeline';
import { RawPubSubPipeline } from '../workloads/raw-pubsub-pipeline';
import { withNatsServer } from '../workloads/with-nats-server';

const RAW_AGENT = 'bench-raw-agent';
const MESSAGING_AGENT = 'bench-messaging-agent';

export const messagingCoreThroughputScenario: Scenario = {
  name: 'messaging-core-throughput',
  description:
    'Heartbeats through libs/messaging on core NATS: `Publisher.publish` (validate, encode, envelope headers) → ' +
    "`subscribeCore` decoding and validating each into the contracts' Heartbeat class before the handler.",
  baseline:
    'raw nats.js publishing the same heartbeat JSON, pre-encoded, to a subscriber that only counts — the transport ceiling',
  goal: {
    text: 'seed floor: 10,000 msg/s per instance',
    metric: 'msgsPerSecond',
    of: 'subject',
    comparison: 'atLeast',
    value: 10_000,
  },
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const raw = await RawPubSubPipeline.open(
        server.url,
        Subjects.heartbeatOf(RAW_AGENT),
        JSON.stringify(benchHeartbeat(RAW_AGENT)),
      );
      const messaging = await MessagingCorePipeline.open(
        server.url,
        Subjects.heartbeatOf(MESSAGING_AGENT),
        MESSAGING_AGENT,
      );
      try {
        return await compareThroughput(
          context,
          raw.trial('raw nats.js pub→sub (heartbeat JSON)', context.profile),
          messaging.trial('libs/messaging publish → subscribeCore(Heartbeat)', context.profile),
        );
      } finally {
        await messaging.close();
        await raw.close();
      }
    }),
};
