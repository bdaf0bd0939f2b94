import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { startNatsCluster } from './nats-cluster';
import { eventually } from '../wait/eventually';

describe('nats-server harness', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterEach(async () => {
    await nc?.close();
    nc = undefined;
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('starts on a free port that is not the system default', async () => {
    expect(server.port).not.toBe(4222);
    nc = await connect({ servers: server.url });
    const sub = nc.subscribe('harness.ping', { max: 1 });
    nc.publish('harness.ping', 'hello');
    for await (const msg of sub) expect(msg.string()).toBe('hello');
  });

  it('keeps JetStream data across a kill and restart on the same port and store', async () => {
    nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'HARNESS', subjects: ['harness.js.>'] });
    await jetstream(nc).publish('harness.js.one', 'kept');

    await server.kill();
    expect(server.running).toBe(false);
    await server.restart();

    const info = await eventually(async () => (await jetstreamManager(nc!)).streams.info('HARNESS'), {
      timeoutMs: 15_000,
    });
    expect(info.state.messages).toBe(1);
  });
});

describe('nats cluster harness', () => {
  it('runs a replicated stream that survives the loss of one node', async () => {
    const cluster = await startNatsCluster(3);
    const nc = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'REPLICATED', subjects: ['replicated.>'], num_replicas: 3 });
      const js = jetstream(nc);
      await js.publish('replicated.a', 'before');

      await cluster.servers[0].kill();
      await eventually(() => js.publish('replicated.b', 'after'), { timeoutMs: 20_000, intervalMs: 250 });

      const info = await eventually(async () => (await jetstreamManager(nc)).streams.info('REPLICATED'), {
        timeoutMs: 20_000,
      });
      expect(info.state.messages).toBe(2);
      expect(info.config.num_replicas).toBe(3);
    } finally {
      await nc.close();
      await cluster.stop();
    }
  });
});
