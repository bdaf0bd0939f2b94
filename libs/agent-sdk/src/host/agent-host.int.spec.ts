import type { Messaging, NatsClient } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import {
  HeartbeatRecorder,
  connectTo,
  operatorMessaging,
  recover,
  silentLogger,
  taskDispatch,
} from '../testing/agent-fixture.test-helper';
import type { AgentDefinition } from './agent-factory';
import { AgentHost } from './agent-host';

const definition: AgentDefinition = {
  spec: { zone: 'zone-a', capabilities: ['compute'], capacity: 2, heartbeatIntervalMs: 100 },
  handler: async () => ({ ok: true }),
};

describe('AgentHost over a real nats-server', () => {
  let server: NatsServerHandle;
  let operatorClient: NatsClient;
  let operator: Messaging;
  const hosts: AgentHost[] = [];
  let counter = 0;

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    operatorClient = await connectTo(server.url, 'operator');
    operator = operatorMessaging(operatorClient);
  });

  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop(100)));
  });

  afterAll(async () => {
    await operatorClient.drain();
    await server.stop();
  });

  async function startHost(restartDelayMs = 0, stopGraceMs?: number): Promise<AgentHost> {
    const hostId = `host-${++counter}`;
    const host = await AgentHost.start({
      hostId,
      connect: () => connectTo(server.url, hostId),
      logger: silentLogger(),
      restartDelayMs,
      stopGraceMs,
    });
    host.register((agentId) => (agentId.startsWith('worker-') ? definition : undefined));
    hosts.push(host);
    return host;
  }

  it('restarts an agent on command: the old incarnation says stopped, a new one beats after the delay', async () => {
    const host = await startHost(200);
    const first = await host.startAgent('worker-1');
    const beats = await HeartbeatRecorder.start(operatorClient, 'worker-1');
    await eventually(() => beats.beats.length >= 2);

    const receipt = await recover(operator, host.hostId, 'worker-1', 'restart', first.incarnation, 7);
    expect(receipt).toMatchObject({ accepted: true, receivedBy: host.hostId });

    const next = await eventually(() =>
      beats.beats.find((beat) => beat.incarnation > first.incarnation && beat.lifecycle === 'ready'),
    );
    expect(beats.ofIncarnation(first.incarnation).at(-1)?.lifecycle).toBe('stopped');
    expect(host.agent('worker-1')?.incarnation).toBe(next.incarnation);
    expect(next.sequence).toBeLessThanOrEqual(2);
  });

  it('restarts a hung agent at once when the command gives no grace, though its task never ends', async () => {
    // A host grace far beyond the test's patience: only the command's graceMs 0 can make this restart happen.
    const host = await startHost(0, 10 * 60_000);
    host.register((agentId) =>
      agentId === 'hung-1'
        ? { ...definition, handler: () => new Promise<never>(() => undefined) }
        : undefined,
    );
    const first = await host.startAgent('hung-1');
    void first.runTask(taskDispatch('never-ends')).catch(() => undefined);
    await eventually(() => first.figures().inFlightTasks === 1);

    const receipt = await recover(operator, host.hostId, 'hung-1', 'restart', first.incarnation, 9, 0);
    expect(receipt.accepted).toBe(true);
    const next = await eventually(() => {
      const current = host.agent('hung-1');
      return current && current.incarnation > first.incarnation && current.lifecycle === 'ready' && current;
    });
    expect(next.figures().inFlightTasks).toBe(0);
  });

  it('restarts a crashed agent, and refuses commands for an old incarnation, a stale token or an unknown agent', async () => {
    const host = await startHost();
    const first = await host.startAgent('worker-2');
    expect((await recover(operator, host.hostId, 'worker-2', 'drain', first.incarnation, 10)).accepted).toBe(
      true,
    );
    first.kill();

    const stale = await recover(operator, host.hostId, 'worker-2', 'restart', first.incarnation, 9);
    expect(stale).toMatchObject({ accepted: false, reason: 'stale fencing token 9 < 10' });
    const unknown = await recover(operator, host.hostId, 'nobody-1', 'restart', 1, 11);
    expect(unknown.accepted).toBe(false);
    expect(unknown.reason).toContain('does not run');

    expect(
      (await recover(operator, host.hostId, 'worker-2', 'restart', first.incarnation, 11)).accepted,
    ).toBe(true);
    const second = await eventually(() => {
      const current = host.agent('worker-2');
      return current && current.incarnation !== first.incarnation && current.lifecycle === 'ready' && current;
    });
    expect(second.incarnation).toBeGreaterThan(first.incarnation);

    const old = await recover(operator, host.hostId, 'worker-2', 'stop', first.incarnation, 12);
    expect(old.accepted).toBe(false);
    expect(old.reason).toContain(`incarnation ${first.incarnation}`);
  });

  it('starts a replacement it never ran when a factory can build it', async () => {
    const host = await startHost();
    const beats = await HeartbeatRecorder.start(operatorClient, 'worker-3');
    expect((await recover(operator, host.hostId, 'worker-3', 'replace', 1, 1)).accepted).toBe(true);
    await eventually(() => beats.last?.lifecycle === 'ready');
    expect(host.agent('worker-3')?.alive).toBe(true);
  });

  it('falls silent while its connection is dropped and resumes with the same incarnation afterwards', async () => {
    const host = await startHost();
    const agent = await host.startAgent('worker-4');
    const beats = await HeartbeatRecorder.start(operatorClient, 'worker-4');
    await eventually(() => beats.beats.length >= 2);

    const dropped = host.dropConnection(1000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const silentFrom = beats.beats.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(beats.beats.length).toBe(silentFrom);
    await dropped;

    await eventually(() => beats.beats.length >= silentFrom + 2);
    const resumed = beats.beats.slice(silentFrom);
    expect(resumed.every((beat) => beat.incarnation === agent.incarnation)).toBe(true);
    expect(resumed[0].sequence).toBe(beats.beats[silentFrom - 1].sequence + 1);
    expect((await recover(operator, host.hostId, 'worker-4', 'stop', agent.incarnation, 1)).accepted).toBe(
      true,
    );
    await eventually(() => beats.last?.lifecycle === 'stopped');
  });
});
