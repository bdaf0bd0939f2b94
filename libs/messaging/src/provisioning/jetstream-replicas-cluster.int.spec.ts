// Test-only streams beside the contracts' ones: their names are cast, as StreamName lists only the real streams.
import { Buckets, Streams, type StreamName, type StreamSpec } from '@warden/contracts';
import type { JetStreamManager } from '@nats-io/jetstream';
import { startNatsCluster, type NatsClusterHandle } from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats, type NatsClient } from '../connection/nats-client';
import { silentLogger } from '../testing/messaging-fixture.test-helper';
import { Messaging } from '../runtime/messaging';
import { MetricsRegistry } from '@warden/telemetry';
import { ensureStream } from './ensure-stream';
import { JetStreamReplicasError } from './jetstream-replicas-error';
import { peerCount } from './replica-placement';

describe('JETSTREAM_REPLICAS on a 3-node JetStream cluster', () => {
  let cluster: NatsClusterHandle;
  let client: NatsClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await startNatsCluster(3);
    const config = Object.assign(new NatsConnectionConfig(), {
      NATS_URL: cluster.urls.join(','),
      JETSTREAM_REPLICAS: 3,
    });
    client = await connectNats(config, { name: 'replicas-cluster-test', logger: silentLogger() });
    jsm = await client.jetstreamManager();
  });
  afterAll(async () => {
    await client?.drain();
    await cluster?.stop();
  });

  it('provisions the contracts streams and buckets with 3 replicas, each held by 3 servers', async () => {
    const logger = silentLogger();
    const metrics = new MetricsRegistry({
      service: 'replicas',
      instanceId: 'r-1',
      collectProcessMetrics: false,
    });
    const messaging = new Messaging(client, { service: 'replicas', logger, metrics });
    const streams = [Streams.SUPERVISION, Streams.DLQ];
    const buckets = [Buckets.agents, Buckets.coordination];

    await messaging.provision({ streams, buckets, replicas: 3 });

    const names = [...streams.map((spec) => spec.name), ...buckets.map((spec) => `KV_${spec.name}`)];
    for (const name of names) {
      const info = await jsm.streams.info(name);
      expect({ name, replicas: info.config.num_replicas, peers: peerCount(info) }).toEqual({
        name,
        replicas: 3,
        peers: 3,
      });
    }
  });

  it('moves an existing one-replica stream to 3 replicas in place, keeping its messages', async () => {
    const stream: StreamSpec = { ...Streams.ALERTS, name: 'GROWING' as StreamName, subjects: ['grow.>'] };
    await ensureStream(jsm, stream, { replicas: 1 });
    await client.jetstream.publish('grow.one', 'kept');

    const result = await ensureStream(jsm, stream, { replicas: 3 });

    expect(result.action).toBe('updated');
    expect(result.changes).toEqual([{ field: 'num_replicas', from: 1, to: 3 }]);
    const info = await jsm.streams.info(stream.name);
    expect([info.config.num_replicas, peerCount(info), info.state.messages]).toEqual([3, 3, 1]);
  });

  it('refuses more replicas than the cluster has servers, naming the setting', async () => {
    const stream: StreamSpec = { ...Streams.ALERTS, name: 'TOO_MANY' as StreamName, subjects: ['toomany.>'] };

    await expect(ensureStream(jsm, stream, { replicas: 5 })).rejects.toThrow(
      /^JETSTREAM_REPLICAS=5 cannot be satisfied for stream TOO_MANY: the server said/,
    );
    await expect(ensureStream(jsm, stream, { replicas: 5 })).rejects.toBeInstanceOf(JetStreamReplicasError);
  });
});
