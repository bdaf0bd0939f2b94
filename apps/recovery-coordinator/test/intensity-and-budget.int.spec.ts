import { eventually } from '@warden/testing';
import { policyFile, RecoveryObserver, RecoveryRig, TestHost } from './recovery-harness.test-helper';

const POLICY = policyFile(`
budget: { maxRestarts: 2, windowMs: 600000 }
groups:
  - name: pool
    match: { agentIdPrefix: pool- }
    strategy: one_for_one
    intensity: 1
    periodMs: 600000
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
  - name: frozen
    match: { agentIdPrefix: frozen- }
    intensity: 0
    onIntensityExceeded: escalate
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
`);

describe('recovery coordinator: OTP intensity per group, and the budget charged only for commanded restarts (issue 12 #8, #9)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    rig = await RecoveryRig.start(POLICY);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  it('one_for_one intensity counts the group: two agents crashing once exceed 1 per period, and the group is stopped', async () => {
    await host.startInOrder('pool-1', 'pool-2', 'pool-3');
    await observer.registeredHealthy(['pool-1', 'pool-2', 'pool-3']);
    const first = host.agent('pool-1');
    first.kill();
    await observer.fail(first);
    await eventually(() => observer.stepsOf('pool-1', 'succeeded').length === 1, { timeoutMs: 30_000 });
    await observer.registeredHealthy(['pool-1']);

    const second = host.agent('pool-2');
    second.kill();
    await observer.fail(second);

    const escalation = await eventually(
      () => observer.escalations.find((entry) => entry.agentIds.includes('pool-2')),
      { timeoutMs: 30_000 },
    );
    expect(escalation.reason).toContain('restart intensity exceeded: more than 1 restarts within 600000 ms');
    expect(host.accepted('pool-2').filter((command) => command.action === 'restart')).toHaveLength(0);
    // OTP's outcome: the supervisor gives up and its children are stopped, the healthy ones too.
    await eventually(() => !host.agent('pool-1').alive && !host.agent('pool-3').alive, {
      timeoutMs: 30_000,
      message: 'the group was not stopped',
    });
    expect(host.acceptedOf('stop')).toEqual(expect.arrayContaining(['pool-1', 'pool-3']));
  });

  it('a restart the intensity gate refuses spends no fleet budget, so an unrelated restart still runs', async () => {
    await host.startInOrder('frozen-1', 'free-1');
    await observer.registeredHealthy(['frozen-1', 'free-1']);
    // pool-1's restart took 1 of the 2; the refused pool-2 and frozen-1 restarts must take none.
    const frozen = host.agent('frozen-1');
    frozen.kill();
    await observer.fail(frozen);
    await eventually(() => observer.stepsOf('frozen-1', 'suppressed').length === 1, { timeoutMs: 30_000 });

    const free = host.agent('free-1');
    free.kill();
    await observer.fail(free);
    await eventually(
      () =>
        observer.stepsOf('free-1', 'succeeded').length === 1 ||
        observer.stepsOf('free-1', 'suppressed').length === 1,
      { timeoutMs: 30_000 },
    );
    expect(observer.stepsOf('free-1', 'suppressed')).toHaveLength(0);
    expect(observer.stepsOf('free-1', 'succeeded')).toHaveLength(1);
    expect(
      observer.escalations.filter((entry) => entry.reason.startsWith('fleet restart budget')),
    ).toHaveLength(0);
  });
});
