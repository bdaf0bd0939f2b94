import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { FailureDetected, HealthStateChanged, RecoveryEvent, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import {
  eventually,
  launchService,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';

const ROOT = join(__dirname, '..', '..', '..');
const entry = (app: string) => join(ROOT, 'apps', app, 'dist', 'main.js');

/** A short crash scenario: 12 agents, one crashes 6 s in; only a restart command brings it back. */
const SCENARIO = `
name: e2e-crash
description: one agent crashes; the supervision chain must notice it, restart it, and touch nothing else
seed: 7
fleet: { agents: 12, hosts: 3, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 500ms }
load: { tasksPerAgentPerSecond: 1, taskDurationMs: { mean: 20, jitterRatio: 0.2 } }
duration: 60s
faults:
  - at: 6s
    kind: crash
    target: { agents: [agent-0003] }
`;

/**
 * The supervision chain end to end: every service is its built output running as its own OS process,
 * and fleet-sim runs real agents (agent-sdk) in another. Nothing is in-process but the observer.
 */
describe('supervision chain: fleet-sim → health-collector → failure-detector → recovery-coordinator (separate processes)', () => {
  let server: NatsServerHandle;
  const processes: ServiceProcess[] = [];
  let observer: NatsConnection;
  const failures: FailureDetected[] = [];
  const changes: HealthStateChanged[] = [];
  const recoveries: RecoveryEvent[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    const env = { NATS_URL: server.url, LOG_LEVEL: 'warn' };
    processes.push(await launchService({ entry: entry('health-collector'), name: 'health-collector', env }));
    processes.push(await launchService({ entry: entry('failure-detector'), name: 'failure-detector', env }));
    processes.push(
      await launchService({ entry: entry('recovery-coordinator'), name: 'recovery-coordinator', env }),
    );

    observer = await connect({ servers: server.url, name: 'e2e-observer' });
    const codec = new MessageCodec();
    observer.subscribe(SubjectWildcards.failures, {
      callback: (error, message) => {
        if (!error) failures.push(codec.decode(message, FailureDetected).payload);
      },
    });
    observer.subscribe(SubjectWildcards.healthState, {
      callback: (error, message) => {
        if (!error) changes.push(codec.decode(message, HealthStateChanged).payload);
      },
    });
    observer.subscribe(SubjectWildcards.recovery, {
      callback: (error, message) => {
        if (!error) recoveries.push(codec.decode(message, RecoveryEvent).payload);
      },
    });
    await observer.flush();

    const scenario = join(mkdtempSync(join(tmpdir(), 'warden-e2e-')), 'crash.yaml');
    writeFileSync(scenario, SCENARIO);
    processes.push(
      await launchService({
        entry: entry('fleet-sim'),
        name: 'fleet-sim',
        args: ['--scenario', scenario, '--nats-url', server.url, '--quiet'],
        waitFor: 'none',
      }),
    );
  });

  afterAll(async () => {
    for (const child of processes.reverse()) await child.stop();
    await observer?.close();
    await server?.dispose();
  });

  it('registers the whole fleet as healthy', async () => {
    await eventually(
      () =>
        new Set(changes.filter((change) => change.state === 'healthy').map((change) => change.agentId))
          .size === 12,
      { timeoutMs: 30_000, message: 'not every agent was reported healthy' },
    );
  });

  it('convicts the crashed agent of a heartbeat timeout, and the collector calls it unresponsive', async () => {
    const conviction = await eventually(
      () =>
        failures.find(
          (failure) => failure.agentId === 'agent-0003' && failure.failureType === 'heartbeat-timeout',
        ),
      { timeoutMs: 30_000, message: 'the crash was not convicted' },
    );
    expect(conviction.evidence.phi).toBeGreaterThanOrEqual(conviction.evidence.phiThreshold ?? 8);
    await eventually(
      () => changes.some((change) => change.agentId === 'agent-0003' && change.state === 'unresponsive'),
      { timeoutMs: 30_000, message: 'the collector never called the crashed agent unresponsive' },
    );
  });

  it('restarts it through its host: a new incarnation reports healthy and the recovery succeeds', async () => {
    const crashedIncarnation = changes.find((change) => change.agentId === 'agent-0003')!.incarnation;
    await eventually(
      () =>
        changes.some(
          (change) =>
            change.agentId === 'agent-0003' &&
            change.state === 'healthy' &&
            change.incarnation > crashedIncarnation,
        ),
      { timeoutMs: 30_000, message: 'the crashed agent never came back with a new incarnation' },
    );
    const succeeded = await eventually(
      () => recoveries.find((event) => event.agentId === 'agent-0003' && event.phase === 'succeeded'),
      { timeoutMs: 30_000, message: 'no successful recovery was recorded' },
    );
    expect(succeeded.action).toBe('restart');
    expect(recoveries.filter((event) => event.phase === 'succeeded')).toHaveLength(1);
  });

  it('convicts no live agent and recovers nothing else', () => {
    expect(recoveries.filter((event) => event.agentId !== 'agent-0003')).toEqual([]);
    expect(failures.filter((failure) => failure.agentId !== 'agent-0003')).toEqual([]);
    expect(
      changes.filter((change) => change.agentId !== 'agent-0003' && change.state === 'unresponsive'),
    ).toEqual([]);
  });

  it('keeps every service process running', () => {
    for (const child of processes)
      expect({ name: child.name, running: child.running }).toEqual({ name: child.name, running: true });
  });
});
