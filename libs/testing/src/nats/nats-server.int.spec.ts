import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { startNatsCluster } from './nats-cluster';
import { NatsTestAuth } from './nats-test-auth';
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

describe('nats-server harness with the generated accounts', () => {
  it('logs each identity in with its test password, refuses anonymous clients and records refusals', async () => {
    const auth = NatsTestAuth.generate();
    const server = await startNatsServer({ auth });
    try {
      await expect(connect({ servers: server.url, reconnect: false })).rejects.toThrow(/authorization/i);
      const collector = await connect({ servers: server.url, ...auth.connectOptions('health-collector') });
      // Its own subject is allowed; another service's is refused and shows in the recorded violations.
      collector.publish('supervision.health.state.agent-1', 'ok');
      collector.publish('supervision.failures.high.agent-1', 'not mine');
      await collector.flush();
      await collector.close();
      await eventually(() => server.permissionViolations().length > 0, { timeoutMs: 5_000 });
      expect(server.permissionViolations()).toEqual([
        expect.stringMatching(
          /Publish Violation - User "health-collector", Subject "supervision\.failures\.high\.agent-1"/,
        ),
      ]);
    } finally {
      await server.dispose();
    }
  });

  it('runs a 3-node cluster where a service identity provisions its replicated stream', async () => {
    const auth = NatsTestAuth.generate();
    const cluster = await startNatsCluster(3, 'warden-auth-test', { auth });
    const nc = await connect({ servers: cluster.urls, ...auth.connectOptions('health-collector') });
    try {
      const jsm = await jetstreamManager(nc);
      // The collector provisions SUPERVISION (libs/contracts access catalogue): allowed with 3 replicas.
      await jsm.streams.add({
        name: 'SUPERVISION',
        subjects: ['supervision.health.state.*'],
        num_replicas: 3,
      });
      await jetstream(nc).publish('supervision.health.state.agent-1', 'replicated');
      expect((await jsm.streams.info('SUPERVISION')).state.messages).toBe(1);
      expect(cluster.permissionViolations()).toEqual([]);
    } finally {
      await nc.close();
      await cluster.stop();
    }
  });
});
