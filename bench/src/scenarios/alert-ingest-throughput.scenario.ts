import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Buckets, FailureDetected, Streams, Subjects, SubjectWildcards } from '@warden/contracts';
import { ensureBucket, ensureStream, MessageCodec } from '@warden/messaging';
import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { withNatsServer } from '../workloads/with-nats-server';
import { awaitSender, launchAlertManager } from './alerting/alert-manager-process';
import { benchFailure } from './alerting/bench-failure';

/** Long group_wait: this measures intake (event → stored alert), not notification. */
const ALERTING = `
route:
  receiver: log
  group_by: [zone]
  group_wait: 1h
  group_interval: 1h
receivers:
  - name: log
    log: {}
`;

const BASELINE_BUCKET = 'bench_raw_alerts';

export const alertIngestThroughputScenario: Scenario = {
  name: 'alert-ingest-throughput',
  description:
    'ONE alert-manager process (built service): FailureDetected events already in JetStream → alerts stored in the alerts bucket ' +
    '(durable pull consumer, validation, translation, KV compare-and-set, ALERTS history publish, ack). Alerts per second.',
  baseline:
    'raw: a nats.js pull consumer in the bench process on the same stream that puts each event body into a KV bucket and acks, no logic',
  goal: {
    text: 'issue 6: alert ingest per instance, at least half the rate of the raw consume → KV put → ack path',
    metric: 'msgsPerSecond',
    of: 'ratio',
    comparison: 'atLeast',
    value: 0.5,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const perRepetition = context.profile.mode === 'quick' ? 400 : 1_000;
      const manager = await launchAlertManager(server.url, ALERTING);
      const client = await connect({ servers: server.url, name: 'bench-alert-ingest' });
      const js = jetstream(client);
      const jsm = await jetstreamManager(client);
      await ensureStream(jsm, Streams.SUPERVISION, { replicas: 1 });
      const codec = new MessageCodec();
      const kvm = new Kvm(client);
      await ensureBucket(js, jsm, { ...Buckets.alerts, name: BASELINE_BUCKET as never }, { replicas: 1 });
      const rawKv = await kvm.open(BASELINE_BUCKET);
      let sequence = 0;

      // Stored alerts counted from the bucket's own subjects, so the count is what the manager wrote.
      const storedKeys = (bucket: string) => {
        const seen = new Set<string>();
        const subscription = client.subscribe(`$KV.${bucket}.>`, {
          callback: (_e, message) => void seen.add(message.subject),
        });
        return { seen, stop: () => subscription.unsubscribe() };
      };

      const publishBatch = async (prefix: string, count: number): Promise<void> => {
        const pending: Promise<unknown>[] = [];
        for (let i = 0; i < count; i++) {
          const agentId = `${prefix}-${sequence++}`;
          const encoded = codec.encode(FailureDetected, benchFailure(agentId, `zone-${i % 8}`), {
            source: 'bench',
          });
          pending.push(
            js.publish(Subjects.failures('high', agentId), encoded.data, {
              msgID: encoded.attributes.id,
              headers: encoded.headers,
            }),
          );
          if (pending.length >= 500) await Promise.all(pending.splice(0));
        }
        await Promise.all(pending);
      };

      const awaitCount = async (seen: Set<string>, count: number): Promise<void> => {
        const deadline = Date.now() + 120_000;
        while (seen.size < count) {
          if (Date.now() > deadline)
            throw new Error(`only ${seen.size} of ${count} alerts stored within 120 s`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };

      const rawConsumer = `bench-raw-alerts`;
      await jsm.consumers.add(Streams.SUPERVISION.name, {
        durable_name: rawConsumer,
        filter_subject: SubjectWildcards.failures,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        max_ack_pending: 1_000,
      });
      const consumer = await js.consumers.get(Streams.SUPERVISION.name, rawConsumer);
      const messages = await consumer.consume({ max_messages: 500 });
      const rawLoop = (async () => {
        for await (const message of messages) {
          if (!message.subject.includes('.raw-')) {
            message.ack();
            continue;
          }
          await rawKv.put(message.subject.slice(message.subject.lastIndexOf('.') + 1), message.data);
          message.ack();
        }
      })();

      try {
        await awaitSender(manager);
        return await compareThroughput(
          context,
          {
            label: 'raw pull consumer → KV put → ack',
            measure: async () => {
              const watch = storedKeys(BASELINE_BUCKET);
              const started = performance.now();
              await publishBatch('raw', perRepetition);
              await awaitCount(watch.seen, perRepetition);
              const elapsedMs = performance.now() - started;
              watch.stop();
              return { messages: perRepetition, elapsedMs };
            },
          },
          {
            label: 'alert-manager: FailureDetected → alert stored',
            measure: async () => {
              const watch = storedKeys(Buckets.alerts.name);
              const started = performance.now();
              await publishBatch('am', perRepetition);
              await awaitCount(watch.seen, perRepetition);
              const elapsedMs = performance.now() - started;
              watch.stop();
              return { messages: perRepetition, elapsedMs };
            },
          },
        );
      } finally {
        messages.stop();
        await rawLoop.catch(() => undefined);
        await client.drain();
        await manager.stop();
      }
    }),
};
