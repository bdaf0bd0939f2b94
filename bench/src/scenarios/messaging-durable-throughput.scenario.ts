import { Streams, Subjects } from '@warden/contracts';
import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { benchHealthStateChanged } from '../workloads/bench-health-state-changed';
import { MessagingDurablePipeline } from '../workloads/messaging-durable-pipeline';
import { openMessaging } from '../workloads/open-messaging';
import { RawDurablePipeline } from '../workloads/raw-durable-pipeline';
import { withNatsServer } from '../workloads/with-nats-server';

const RAW_AGENT = 'bench-raw-agent';
const MESSAGING_AGENT = 'bench-messaging-agent';

export const messagingDurableThroughputScenario: Scenario = {
  name: 'messaging-durable-throughput',
  description:
    'Durable events through libs/messaging on JetStream (the SUPERVISION stream as contracts declare it, file ' +
    'storage): `publishDurable` with a Nats-Msg-Id → `consumeDurable` pull consumer that decodes, validates ' +
    'into HealthStateChanged, runs the handler and acks.',
  baseline:
    'raw @nats-io/jetstream on the same stream: publish of the same JSON with a Nats-Msg-Id → durable pull ' +
    'consumer `consume()` that acks and counts; both sides keep at most 1,000 messages in flight',
  goal: {
    text: 'seed floor: 10,000 msg/s per instance',
    metric: 'msgsPerSecond',
    of: 'subject',
    comparison: 'atLeast',
    value: 10_000,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const provisioner = await openMessaging(server.url, 'bench-provisioner');
      await provisioner.provision({ streams: [Streams.SUPERVISION], replicas: 1 });
      await provisioner.close();
      const raw = await RawDurablePipeline.open(
        server.url,
        {
          stream: Streams.SUPERVISION.name,
          subject: Subjects.healthState(RAW_AGENT),
          durableName: 'bench-raw',
        },
        JSON.stringify(benchHealthStateChanged(RAW_AGENT)),
      );
      const messaging = await MessagingDurablePipeline.open(
        server.url,
        {
          stream: Streams.SUPERVISION.name,
          subject: Subjects.healthState(MESSAGING_AGENT),
          durableName: 'bench-messaging',
        },
        MESSAGING_AGENT,
      );
      try {
        return await compareThroughput(
          context,
          raw.trial('raw @nats-io/jetstream publish → consume', context.profile),
          messaging.trial('libs/messaging publishDurable → consumeDurable', context.profile),
        );
      } finally {
        await messaging.close();
        await raw.close();
      }
    }),
};
