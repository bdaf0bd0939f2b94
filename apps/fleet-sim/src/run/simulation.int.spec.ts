import { CommandReceipt, Heartbeat, RecoveryCommand, Subjects, createMessage } from '@warden/contracts';
import {
  MessageCodec,
  Messaging,
  NatsConnectionConfig,
  connectNats,
  type NatsClient,
} from '@warden/messaging';
import { MetricsRegistry, createLogger } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { EXIT_OK, runSimulation } from './simulation';

const CRASH_SCENARIO = `
name: crash-int
fleet: { agents: 12, hosts: 3, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 200, restartDelayMs: 300ms }
load: { tasksPerAgentPerSecond: 5, taskDurationMs: { mean: 10, jitterRatio: 0.5 } }
duration: 0
faults:
  - { at: 1s, kind: crash, target: { agents: [agent-0005] } }
`;

describe('fleet-sim against a real nats-server', () => {
  let server: NatsServerHandle;
  let observer: NatsClient;
  const beats = new Map<string, Heartbeat[]>();

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    const logger = createLogger({
      service: 'test',
      instanceId: 'test',
      level: 'fatal',
      destination: new Writable({ write: (_c, _e, done) => done() }),
    });
    observer = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'observer',
      logger,
    });
    const codec = new MessageCodec();
    const subscription = observer.connection.subscribe('supervision.health.heartbeat.>');
    void (async () => {
      for await (const message of subscription) {
        const beat = codec.decode(message, Heartbeat).payload;
        beats.set(beat.agentId, [...(beats.get(beat.agentId) ?? []), beat]);
      }
    })();
    await observer.connection.flush();
  });

  afterAll(async () => {
    await observer.drain();
    await server.stop();
  });

  it('crashes one agent: its heartbeats stop, the others keep beating, and a restart command brings it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-sim-int-'));
    writeFileSync(join(dir, 'crash.yaml'), CRASH_SCENARIO);
    const output: string[] = [];
    let requestStop!: () => void;
    const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
    const run = runSimulation(
      { scenarioFile: join(dir, 'crash.yaml'), natsUrl: server.url, assert: false, quiet: false },
      { out: (text) => output.push(text), err: (text) => output.push(text) },
      stopRequested,
    );

    await eventually(() => output.some((line) => line.includes('crash: crashed agent-0005')), {
      timeoutMs: 20_000,
    });
    const countsAtCrash = new Map([...beats].map(([agentId, list]) => [agentId, list.length]));
    const crashedIncarnation = beats.get('agent-0005')?.at(-1)?.incarnation;
    expect(countsAtCrash.size).toBe(12);
    await eventually(
      () =>
        [...countsAtCrash].every(
          ([agentId, count]) => agentId === 'agent-0005' || (beats.get(agentId)?.length ?? 0) >= count + 5,
        ),
      { timeoutMs: 20_000, message: 'the other agents kept beating' },
    );
    expect(beats.get('agent-0005')?.length).toBe(countsAtCrash.get('agent-0005'));

    const coordinator = new Messaging(observer, {
      service: 'recovery-coordinator',
      logger: createLogger({
        service: 'test',
        instanceId: 'test',
        level: 'fatal',
        destination: new Writable({ write: (_c, _e, done) => done() }),
      }),
      metrics: new MetricsRegistry({ service: 'test', instanceId: 'test', collectProcessMetrics: false }),
    });
    const hostId = beats.get('agent-0005')?.[0]?.hostId ?? '';
    const receipt = await coordinator.publisher.request(
      Subjects.hostControl(hostId),
      RecoveryCommand,
      createMessage(RecoveryCommand, {
        commandId: 'restart-1',
        action: 'restart',
        agentId: 'agent-0005',
        hostId,
        incarnation: crashedIncarnation ?? 1,
        fencingToken: 1,
        attempt: 1,
        timeoutMs: 10_000,
        reason: { summary: 'heartbeat timeout' },
        issuedBy: 'recovery-coordinator',
        issuedAt: new Date().toISOString(),
      }),
      CommandReceipt,
      { timeoutMs: 5000 },
    );
    expect(receipt.accepted).toBe(true);
    await eventually(
      () =>
        beats
          .get('agent-0005')
          ?.some((beat) => beat.incarnation > (crashedIncarnation ?? 0) && beat.lifecycle === 'ready'),
      {
        timeoutMs: 20_000,
      },
    );

    requestStop();
    await expect(run).resolves.toBe(EXIT_OK);
    await eventually(() => [...beats.values()].every((list) => list.at(-1)?.lifecycle === 'stopped'), {
      message: 'every agent said stopped last',
    });
    const summary = output.join('\n');
    expect(summary).toContain('faults      crash ×1');
    expect(summary).toContain('recovery    1 restart/replace commands obeyed');
  });
});
