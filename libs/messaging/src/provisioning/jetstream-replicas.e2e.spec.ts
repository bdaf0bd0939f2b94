import { join } from 'node:path';
import {
  launchService,
  startNatsCluster,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats } from '../connection/nats-client';
import { silentLogger } from '../testing/messaging-fixture.test-helper';
import { peerCount } from './replica-placement';

const COLLECTOR_ENTRY = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'apps',
  'health-collector',
  'dist',
  'main.js',
);

describe('a built service started with more JetStream replicas than the server can hold', () => {
  let server: NatsServerHandle;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await service?.kill();
    await server.dispose();
  });

  it('exits non-zero at start with a message naming JETSTREAM_REPLICAS and what the server said', async () => {
    service = await launchService({
      entry: COLLECTOR_ENTRY,
      name: 'health-collector-replicas-3',
      env: { NATS_URL: server.url, JETSTREAM_REPLICAS: '3', SERVICE_INSTANCE_ID: 'replicas-3' },
      waitFor: 'none',
    });

    await service.exited();

    expect(service.exitCode).not.toBe(0);
    expect(service.exitCode).not.toBeNull();
    expect(service.output()).toMatch(
      /JETSTREAM_REPLICAS=3 cannot be satisfied for stream \w+: the server said/,
    );
    expect(service.output()).toContain('replicas > 1 not supported in non-clustered mode');
  });
});

describe('a built service started with JETSTREAM_REPLICAS=3 on a 3-node cluster', () => {
  it('becomes ready with every stream and bucket it provisioned held by 3 servers', async () => {
    const cluster = await startNatsCluster(3);
    let service: ServiceProcess | undefined;
    const client = await connectNats(
      Object.assign(new NatsConnectionConfig(), { NATS_URL: cluster.urls.join(',') }),
      { name: 'replicas-e2e-observer', logger: silentLogger() },
    );
    try {
      service = await launchService({
        entry: COLLECTOR_ENTRY,
        name: 'health-collector-cluster-r3',
        env: { NATS_URL: cluster.urls.join(','), JETSTREAM_REPLICAS: '3', SERVICE_INSTANCE_ID: 'r3' },
      });

      const jsm = await client.jetstreamManager();
      const held: Array<{ name: string; replicas: number; peers: number }> = [];
      for await (const info of jsm.streams.list())
        held.push({ name: info.config.name, replicas: info.config.num_replicas, peers: peerCount(info) });
      expect(held.map((stream) => stream.name)).toEqual(expect.arrayContaining(['SUPERVISION', 'KV_agents']));
      expect(held.filter((stream) => stream.replicas !== 3 || stream.peers !== 3)).toEqual([]);
    } finally {
      await service?.stop();
      await client.drain();
      await cluster.stop();
    }
  });
});
