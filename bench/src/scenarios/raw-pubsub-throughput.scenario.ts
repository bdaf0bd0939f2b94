import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { RawPubSubPipeline } from '../workloads/raw-pubsub-pipeline';
import { withNatsServer } from '../workloads/with-nats-server';

export const rawPubSubThroughputScenario: Scenario = {
  name: 'raw-pubsub-throughput',
  description:
    'Raw nats.js core publish → subscribe of a 117-byte JSON body, publisher and subscriber on separate ' +
    'connections, flow-controlled so nothing is dropped; msg/s from the first publish to the last delivery.',
  baseline:
    "an identical second raw pipeline (A/A): the ratio is this run's noise floor, the distance from 1 that " +
    'two equal measurements reach; other ratios closer to 1 than that are not a difference',
  goal: {
    text: 'seed floor: 10,000 msg/s per instance',
    metric: 'msgsPerSecond',
    of: 'subject',
    comparison: 'atLeast',
    value: 10_000,
  },
  run: (context) =>
    withNatsServer({ jetstream: false }, async (server) => {
      const first = await RawPubSubPipeline.open(server.url, 'bench.raw.pubsub.a');
      const second = await RawPubSubPipeline.open(server.url, 'bench.raw.pubsub.b');
      try {
        return await compareThroughput(
          context,
          first.trial('raw nats.js pub→sub (A)', context.profile),
          second.trial('raw nats.js pub→sub (B)', context.profile),
        );
      } finally {
        await first.close();
        await second.close();
      }
    }),
};
