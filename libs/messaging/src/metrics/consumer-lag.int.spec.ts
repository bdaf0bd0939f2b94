import { Streams } from '@warden/contracts';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { MetricsRegistry } from '@warden/telemetry';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats } from '../connection/nats-client';
import { Messaging } from '../runtime/messaging';
import {
  JobEvent,
  TEST_STREAM,
  TEST_SUBJECTS,
  jobEvent,
  jobSubject,
  silentLogger,
} from '../testing/messaging-fixture.test-helper';

const MESSAGES = 30;

/** The sample of `metric` for the test consumer in the exposition text, or undefined when none is exported. */
function sample(text: string, metric: string, consumer: string): number | undefined {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${metric}{`) && candidate.includes(`consumer="${consumer}"`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('consumer lag gauges against a real nats-server', () => {
  let server: NatsServerHandle;
  let messaging: Messaging;
  let metrics: MetricsRegistry;

  beforeEach(async () => {
    server = await startNatsServer();
    const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url });
    const logger = silentLogger();
    metrics = new MetricsRegistry({ service: 'lagging', instanceId: 'l-1', collectProcessMetrics: false });
    const client = await connectNats(config, { name: 'lag-test', logger });
    messaging = new Messaging(client, { service: 'lagging', logger, metrics, consumerLagIntervalMs: 100 });
    await messaging.provision({ streams: [TEST_STREAM, Streams.DLQ], replicas: 1 });
  });
  afterEach(async () => {
    await messaging.close();
    await server.dispose();
  });

  it('shows messages published but not consumed as pending on /metrics, and pending falls once they are consumed', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const handled = new Set<string>();
    for (let index = 0; index < MESSAGES; index++)
      await messaging.publisher.publishDurable(
        jobSubject(`job-${index}`),
        JobEvent,
        jobEvent(`job-${index}`),
      );
    // One handler at a time, held at the gate: the rest of the stream stays undelivered.
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      concurrency: 1,
      handler: async (event: JobEvent) => {
        await gate;
        handled.add(event.jobId);
      },
    });

    const backlog = await eventually(
      async () => {
        const text = await metrics.render();
        const pending = sample(text, 'warden_consumer_pending_messages', 'lagging');
        const ackPending = sample(text, 'warden_consumer_ack_pending_messages', 'lagging');
        if (pending === undefined || ackPending === undefined || ackPending < 1) return undefined;
        return { text, pending, ackPending };
      },
      { timeoutMs: 15_000 },
    );
    // At most the held message and the one the client buffered have left the server's pending count.
    expect(backlog.pending).toBeGreaterThanOrEqual(MESSAGES - 2);
    expect(backlog.pending + backlog.ackPending).toBeLessThanOrEqual(MESSAGES);
    expect(backlog.text).toMatch(
      /^warden_consumer_pending_messages\{stream="SUPERVISION",consumer="lagging",service="lagging",instance="l-1"\} \d+$/m,
    );
    expect(sample(backlog.text, 'warden_consumer_redelivered_messages', 'lagging')).toBe(0);

    open();
    await eventually(() => handled.size === MESSAGES, { timeoutMs: 15_000 });
    await eventually(
      async () => {
        const text = await metrics.render();
        return (
          sample(text, 'warden_consumer_pending_messages', 'lagging') === 0 &&
          sample(text, 'warden_consumer_ack_pending_messages', 'lagging') === 0
        );
      },
      { timeoutMs: 15_000 },
    );
    expect(sample(await metrics.render(), 'warden_consumer_info_failures_total', 'lagging')).toBeUndefined();
  });

  it('counts a consumer info that fails instead of throwing, and keeps reading', async () => {
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      handler: () => undefined,
    });
    const jsm = await messaging.client.jetstreamManager();

    // Deleting the durable under the running consumer: consumer info now answers "consumer not found".
    await jsm.consumers.delete(TEST_STREAM.name, 'lagging');

    const failures = await eventually(
      async () => {
        const value = sample(await metrics.render(), 'warden_consumer_info_failures_total', 'lagging');
        return value !== undefined && value >= 2 ? value : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(failures).toBeGreaterThanOrEqual(2);
  });
});
