import { Streams, type BucketSpec, type StreamSpec } from '@warden/contracts';
import type { JetStreamManager } from '@nats-io/jetstream';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats, type NatsClient } from '../connection/nats-client';
import { silentLogger } from '../testing/messaging-fixture.test-helper';
import { ensureBucket } from './ensure-bucket';
import { ensureConsumer, type DurableConsumerSpec } from './ensure-consumer';
import { ensureStream } from './ensure-stream';
import { ProvisioningConflictError, UnsupportedServerFeatureError } from './provisioning-result';

const MINUTE_MS = 60_000;
const stream: StreamSpec = { ...Streams.ALERTS, subjects: ['prov.alerts.>'] };
const bucket: BucketSpec = {
  name: 'leases',
  description: 'test leases',
  history: 1,
  ttlMs: 30_000,
  maxValueBytes: 1024,
  storage: 'file',
};
const consumer: DurableConsumerSpec = {
  stream: stream.name,
  durableName: 'prov-service',
  filterSubjects: ['prov.alerts.>'],
  ackWaitMs: 30_000,
  maxDeliver: -1,
  maxAckPending: 100,
  deliverPolicy: 'all',
};

describe('idempotent provisioning against nats-server 2.9', () => {
  let server: NatsServerHandle;
  let client: NatsClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    server = await startNatsServer();
    client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'provisioning-test',
      logger: silentLogger(),
    });
    jsm = await client.jetstreamManager();
  });
  afterAll(async () => {
    await client.drain();
    await server.dispose();
  });

  it('creates a stream, leaves it alone when unchanged, and updates only what differs', async () => {
    const created = await ensureStream(jsm, stream, { replicas: 1 });
    const again = await ensureStream(jsm, stream, { replicas: 1 });
    const updated = await ensureStream(
      jsm,
      { ...stream, maxAgeMs: 2 * MINUTE_MS, subjects: ['prov.alerts.>', 'prov.extra.>'] },
      { replicas: 1 },
    );

    expect([created.action, again.action, updated.action]).toEqual(['created', 'unchanged', 'updated']);
    expect(updated.changes.map((change) => change.field).sort()).toEqual(['max_age', 'subjects']);
    const info = await jsm.streams.info(stream.name);
    expect(info.config.subjects.sort()).toEqual(['prov.alerts.>', 'prov.extra.>']);
    expect(info.config.max_age).toBe(2 * MINUTE_MS * 1_000_000);
  });

  it('refuses a change the server cannot make in place', async () => {
    await ensureStream(jsm, stream, { replicas: 1 });

    await expect(ensureStream(jsm, { ...stream, storage: 'memory' }, { replicas: 1 })).rejects.toBeInstanceOf(
      ProvisioningConflictError,
    );
  });

  it('creates a KV bucket and updates its history', async () => {
    const created = await ensureBucket(client.jetstream, jsm, bucket, { replicas: 1 });
    const again = await ensureBucket(client.jetstream, jsm, bucket, { replicas: 1 });
    const updated = await ensureBucket(client.jetstream, jsm, { ...bucket, history: 5 }, { replicas: 1 });

    expect([created.action, again.action, updated.action]).toEqual(['created', 'unchanged', 'updated']);
    expect(updated.changes).toEqual([{ field: 'max_msgs_per_subject', from: 1, to: 5 }]);
    expect((await jsm.streams.info('KV_leases')).config.max_msgs_per_subject).toBe(5);
  });

  it('creates a durable consumer and updates its settings', async () => {
    await ensureStream(jsm, stream, { replicas: 1 });

    const created = await ensureConsumer(jsm, client.serverVersion, consumer);
    const again = await ensureConsumer(jsm, client.serverVersion, consumer);
    const updated = await ensureConsumer(jsm, client.serverVersion, { ...consumer, ackWaitMs: 10_000 });

    expect([created.action, again.action, updated.action]).toEqual(['created', 'unchanged', 'updated']);
    expect(updated.changes.map((change) => change.field)).toEqual(['ack_wait']);
    expect((await jsm.consumers.info(stream.name, 'prov-service')).config.ack_wait).toBe(10_000 * 1_000_000);
  });

  it('rejects several filter subjects on a server older than 2.10', async () => {
    expect(client.serverVersion.supportsMultipleFilterSubjects).toBe(false);

    await expect(
      ensureConsumer(jsm, client.serverVersion, {
        ...consumer,
        durableName: 'multi',
        filterSubjects: ['prov.alerts.a', 'prov.alerts.b'],
      }),
    ).rejects.toBeInstanceOf(UnsupportedServerFeatureError);
  });
});
