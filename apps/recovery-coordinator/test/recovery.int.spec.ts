import { AgentQuarantine, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { eventually, ServiceStartError } from '@warden/testing';
import {
  launchCoordinator,
  policyFile,
  RecoveryObserver,
  RecoveryRig,
  TestHost,
} from './recovery-harness.test-helper';

const POLICY = policyFile(`
default:
  backoff: { kind: exponential, minMs: 100, maxMs: 2000, factor: 2, jitter: 0 }
execution:
  healthyDeadlineMs: 10000
`);

describe('recovery coordinator: crash → restart → healthy (built service, real collector, real nats-server)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    rig = await RecoveryRig.start(POLICY);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  it('restarts a crashed agent and reports success once the new incarnation is healthy', async () => {
    const [agent] = await host.startAgents('worker-1');
    const crashed = agent.incarnation;
    agent.kill();
    const failure = await observer.fail(agent);

    const succeeded = await eventually(() => observer.stepsOf('worker-1', 'succeeded')[0], {
      timeoutMs: 30_000,
    });
    const now = host.agent('worker-1');
    expect(now.incarnation).toBeGreaterThan(crashed);
    expect(succeeded.incarnation).toBe(crashed);
    expect(succeeded.reason.failureId).toBe(failure.failureId);
    expect(host.accepted('worker-1')).toHaveLength(1);
    expect(host.accepted('worker-1')[0]).toMatchObject({
      action: 'restart',
      incarnation: crashed,
      attempt: 1,
    });

    const handoff = await eventually(() => observer.handoffs.find((entry) => entry.agentId === 'worker-1'));
    expect(handoff).toMatchObject({ incarnation: crashed, taskIds: [] });

    const history = await eventually(async () => {
      const reply = await observer.history({ agentId: 'worker-1' });
      return reply.entries.some((entry) => entry.kind === 'succeeded') && reply;
    });
    const kinds = history.entries.map((entry) => entry.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['policy-fired', 'delayed', 'commanded', 'handed-off', 'succeeded']),
    );
    expect(kinds.indexOf('policy-fired')).toBeLessThan(kinds.indexOf('succeeded'));
    expect(history.entries.find((entry) => entry.kind === 'policy-fired')).toMatchObject({
      group: 'default',
      strategy: 'one_for_one',
      plan: 'restart',
      diagnosis: 'process-crash',
      failureIds: [failure.failureId],
    });
    const groupHistory = await observer.history({ group: 'default' });
    expect(groupHistory.entries.length).toBeGreaterThanOrEqual(history.entries.length);
  });

  it('gives the same failure delivered twice one recovery', async () => {
    const [agent] = await host.startAgents('worker-2');
    agent.kill();
    const failure = await observer.fail(agent);
    await observer.publishFailure(failure, `${failure.failureId}-again`);
    await eventually(() => observer.stepsOf('worker-2', 'succeeded').length > 0, { timeoutMs: 30_000 });
    await observer.publishFailure(failure, `${failure.failureId}-late`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(host.accepted('worker-2')).toHaveLength(1);
    expect(observer.ledgerOf('policy-fired', 'worker-2')).toHaveLength(1);
    expect(observer.stepsOf('worker-2', 'succeeded')).toHaveLength(1);
  });

  it('kills a stuck agent: the restart command carries no grace', async () => {
    const [agent] = await host.startAgents('worker-3');
    await observer.registeredHealthy(['worker-3']);
    await observer.fail(agent, 'stuck');
    await eventually(() => observer.stepsOf('worker-3', 'succeeded')[0], { timeoutMs: 30_000 });
    expect(host.accepted('worker-3')).toEqual([expect.objectContaining({ action: 'restart', graceMs: 0 })]);
  });

  it('drains a leaking agent, then replaces it', async () => {
    const [agent] = await host.startAgents('worker-4');
    await observer.registeredHealthy(['worker-4']);
    await observer.fail(agent, 'memory-leak');
    await eventually(() => observer.stepsOf('worker-4', 'succeeded')[0], { timeoutMs: 30_000 });
    expect(
      host.commands
        .filter((entry) => entry.command.agentId === 'worker-4')
        .map((entry) => entry.command.action),
    ).toEqual(['drain', 'replace']);
    expect(host.agent('worker-4').incarnation).toBeGreaterThan(agent.incarnation);
  });

  it('drains a slow agent and takes it out of routing, without a restart', async () => {
    const quarantines: AgentQuarantine[] = [];
    const codec = new MessageCodec();
    const subscription = observer.messaging.client.connection.subscribe(SubjectWildcards.quarantine, {
      callback: (error, message) => {
        if (!error) quarantines.push(codec.decode(message, AgentQuarantine).payload);
      },
    });
    const [agent] = await host.startAgents('worker-5');
    await observer.registeredHealthy(['worker-5']);
    await observer.fail(agent, 'high-latency');
    await eventually(() => observer.stepsOf('worker-5', 'succeeded')[0], { timeoutMs: 30_000 });
    subscription.unsubscribe();
    expect(quarantines).toEqual([
      expect.objectContaining({ agentId: 'worker-5', incarnation: agent.incarnation, quarantined: true }),
    ]);
    expect(host.agent('worker-5')).toMatchObject({ incarnation: agent.incarnation, lifecycle: 'draining' });
    expect(observer.handoffs.filter((handoff) => handoff.agentId === 'worker-5')).toEqual([]);
  });

  it('refuses to start with a bad policy file, naming the file and the field', async () => {
    const bad = policyFile('groups:\n  - name: a\n    backoff: { factor: 0.5 }\n');
    const failure = await launchCoordinator(rig.server.url, 'coordinator-bad', bad).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ServiceStartError);
    expect((failure as ServiceStartError).output).toContain(
      `${bad}: groups[0].backoff.factor must be at least 1`,
    );
  });
});
