import { FailureDetected, HealthStateChanged, RecoveryEvent, SubjectWildcards } from '@warden/contracts';
import { eventually } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

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
  let stack: SupervisionStack;
  let failures: FailureDetected[];
  let changes: HealthStateChanged[];
  let recoveries: RecoveryEvent[];

  beforeAll(async () => {
    stack = await SupervisionStack.start();
    failures = stack.record(SubjectWildcards.failures, FailureDetected);
    changes = stack.record(SubjectWildcards.healthState, HealthStateChanged);
    recoveries = stack.record(SubjectWildcards.recovery, RecoveryEvent);
    await stack.runScenario('crash', SCENARIO);
  });

  afterAll(async () => {
    await stack?.stop();
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
    for (const child of stack.liveness()) expect(child).toEqual({ name: child.name, running: true });
  });
});
