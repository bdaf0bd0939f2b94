import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { CollectorClient, launchCollector } from './collector-harness.test-helper';
import { HeartbeatFleet } from './heartbeat-fleet.test-helper';

describe('health collector with 1,000 agents (built service as its own process, real nats-server)', () => {
  let server: NatsServerHandle;
  let collector: ServiceProcess;
  let client: CollectorClient;
  let fleet: HeartbeatFleet;

  beforeAll(async () => {
    server = await startNatsServer();
    collector = await launchCollector(server.url, 'collector-1');
    client = await CollectorClient.connect(server.url);
    fleet = new HeartbeatFleet(client.messaging.publisher, 1_000, 500);
    fleet.start();
  });
  afterAll(async () => {
    fleet?.stop();
    await client?.close();
    await collector?.stop();
    await server?.dispose();
  });

  it('registers every agent as healthy, with its figures, and answers the fleet summary by zone', async () => {
    const summary = await eventually(
      async () => {
        const current = await client.fleet();
        return current.totalAgents === 1_000 && client.count(current, 'healthy') === 1_000 && current;
      },
      { timeoutMs: 30_000, message: 'the registry never held 1,000 healthy agents' },
    );
    expect(summary.totalCapacity).toBe(4_000);
    expect((await client.fleet('zone-1')).totalAgents).toBe(333);

    const { agent } = await client.agent('agent-00042');
    expect(agent).toMatchObject({
      agentId: 'agent-00042',
      hostId: 'host-2',
      zone: 'zone-0',
      state: 'healthy',
      intervalMs: 500,
    });
    expect(agent.load.memoryBytes).toBe(100_000_000);
  });

  it('reports a crash as unresponsive and a restart (new incarnation) as healthy again, once each', async () => {
    fleet.crash('agent-00007');
    await eventually(async () => (await client.agent('agent-00007')).agent.state === 'unresponsive', {
      timeoutMs: 15_000,
    });
    fleet.restart('agent-00007');
    const restarted = await eventually(
      async () => {
        const { agent } = await client.agent('agent-00007');
        return agent.state === 'healthy' && agent.incarnation > 1_000_007 && agent;
      },
      { timeoutMs: 15_000 },
    );
    expect(restarted.lastSequence).toBeLessThan(50);

    const states = client.changesOf('agent-00007').map((change) => change.state);
    expect(states.filter((state) => state === 'unresponsive')).toHaveLength(1);
    expect(states[states.length - 1]).toBe('healthy');
  });

  it('turns bad figures into a degraded or unhealthy verdict with the reason', async () => {
    fleet.setErrorRatio('agent-00100', 0.5);
    const { agent } = await eventually(
      async () => {
        const reply = await client.agent('agent-00100');
        return reply.agent.state === 'unhealthy' && reply;
      },
      { timeoutMs: 15_000 },
    );
    expect(agent.reasons.join(' ')).toMatch(/errorRatio 0.5/);
    expect(agent.score).toBeLessThan(0.7);
  });

  it('pages through a filtered list', async () => {
    const first = await client.list({ limit: 100, zone: 'zone-2' });
    expect(first.agents).toHaveLength(100);
    expect(first.agents.every((agent) => agent.zone === 'zone-2')).toBe(true);
    const second = await client.list({ limit: 100, zone: 'zone-2', cursor: first.nextCursor });
    expect(second.agents[0].agentId > first.agents[99].agentId).toBe(true);
  });

  it('never reports a live agent as unresponsive', () => {
    const live = client.changes.filter(
      (change) => change.state === 'unresponsive' && change.agentId !== 'agent-00007',
    );
    expect(live).toEqual([]);
  });

  it('dead-letters a malformed heartbeat and keeps running', async () => {
    client.messaging.client.connection.publish('supervision.health.heartbeat.3.agent-bad', 'not json');
    const jsm = await client.messaging.client.jetstreamManager();
    await eventually(async () => (await jsm.streams.info('DLQ')).state.messages >= 1, { timeoutMs: 10_000 });
    expect(collector.running).toBe(true);
    expect((await client.fleet()).totalAgents).toBe(1_000);
  });
});
