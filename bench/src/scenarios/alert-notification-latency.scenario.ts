import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { FailureDetected, Subjects, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { WebhookReceiver } from '@warden/testing';
import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { withNatsServer } from '../workloads/with-nats-server';
import { awaitSender, launchAlertManager } from './alerting/alert-manager-process';
import { benchFailure } from './alerting/bench-failure';

/** Every failure is its own group (group_by agent) and group_wait is 0: the first-notification path. */
const ALERTING = (url: string) => `
route:
  receiver: hook
  group_by: [agent]
  group_wait: 0s
  group_interval: 1h
  repeat_interval: 1h
receivers:
  - name: hook
    webhook: { url: '${url}' }
`;

const sleepUntil = async (done: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`no webhook request within ${timeoutMs} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
};

export const alertNotificationLatencyScenario: Scenario = {
  name: 'alert-notification-latency',
  description:
    'ONE alert-manager process (built service): a FailureDetected published to JetStream → the webhook POST received by a local ' +
    'HTTP server — durable intake, alert stored by CAS, history publish, routing, group flush with group_wait 0, ' +
    'notification log written with the fencing token, v4 payload. One failure at a time.',
  baseline:
    'raw relay: the same FailureDetected published to JetStream → a core subscriber in the bench process POSTs its body to the same HTTP server, no logic',
  goal: {
    text: 'issue 6: failure event → webhook received p99 < 50 ms (group_wait 0)',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 50,
  },
  run: (context) =>
    withNatsServer({ jetstream: true }, async (server) => {
      const perRepetition = context.profile.mode === 'quick' ? 30 : 100;
      const receiver = await WebhookReceiver.start();
      const manager = await launchAlertManager(server.url, ALERTING(receiver.url('/alert-manager')));
      const client = await connect({ servers: server.url, name: 'bench-alert-latency' });
      const js = jetstream(client);
      const codec = new MessageCodec();
      // The baseline relay: a subscriber that forwards the bytes over HTTP, nothing else.
      const relay = client.subscribe(SubjectWildcards.failures, {
        callback: (_error, message) => {
          if (!message.subject.includes('.raw-')) return;
          void fetch(receiver.url('/relay'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: message.data,
          });
        },
      });
      let sequence = 0;
      const measure = async (side: 'raw' | 'am', path: string) => {
        const latenciesMs: number[] = [];
        for (let i = 0; i < perRepetition; i++) {
          const agentId = `${side}-${sequence++}`;
          const before = receiver.on(path).length;
          const encoded = codec.encode(FailureDetected, benchFailure(agentId), { source: 'bench' });
          const sentAt = Date.now();
          await js.publish(Subjects.failures('high', agentId), encoded.data, {
            msgID: encoded.attributes.id,
            headers: encoded.headers,
          });
          await sleepUntil(() => receiver.on(path).length > before, 10_000);
          latenciesMs.push(receiver.on(path)[before].receivedAt - sentAt);
        }
        return { latenciesMs };
      };
      try {
        await awaitSender(manager);
        return await compareLatency(
          context,
          { label: 'raw JetStream publish → relay → HTTP POST', measure: () => measure('raw', '/relay') },
          {
            label: 'alert-manager: failure published → webhook received',
            measure: () => measure('am', '/alert-manager'),
          },
        );
      } finally {
        relay.unsubscribe();
        await client.drain();
        await manager.stop();
        await receiver.close();
      }
    }),
};
