import { eventually } from '@warden/testing';
import { policyFile, RecoveryObserver, RecoveryRig, TestHost } from './recovery-harness.test-helper';

const POLICY = policyFile(`
groups:
  - name: loopers
    match: { agentIdPrefix: looper- }
    intensity: 3
    periodMs: 60000
    backoff: { kind: exponential, minMs: 300, maxMs: 10000, factor: 2, jitter: 0, resetAfterMs: 60000 }
`);

describe('recovery coordinator: a crash loop (built service, real collector, real nats-server)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    rig = await RecoveryRig.start(POLICY);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  it('restarts with a growing backoff, then stops and escalates once intensity is exceeded', async () => {
    await host.startAgents('looper-1');
    const failureIds: string[] = [];
    for (let crash = 1; crash <= 3; crash++) {
      const agent = host.agent('looper-1');
      agent.kill();
      failureIds.push((await observer.fail(agent)).failureId);
      await eventually(() => observer.stepsOf('looper-1', 'succeeded').length === crash, {
        timeoutMs: 30_000,
      });
      await eventually(() => host.agent('looper-1').lifecycle === 'ready');
    }
    const fourth = host.agent('looper-1');
    fourth.kill();
    failureIds.push((await observer.fail(fourth)).failureId);

    const escalation = await eventually(
      () => observer.escalations.find((entry) => entry.agentIds.includes('looper-1')),
      {
        timeoutMs: 30_000,
      },
    );
    expect(escalation.level).toBe('operator');
    expect(escalation.reason).toContain('restart intensity exceeded: more than 3 restarts within 60000 ms');
    const evidenceRefs = escalation.evidence.map((link) => link.ref);
    expect(evidenceRefs).toEqual(expect.arrayContaining(failureIds));
    expect(escalation.evidence.filter((link) => link.kind === 'recovery')).toHaveLength(3);

    const delays = observer
      .ledgerOf('delayed', 'looper-1')
      .filter((entry) => entry.attempt === 1)
      .map((entry) => entry.delayMs);
    expect(delays).toEqual([300, 600, 1_200, 2_400]);
    expect(host.accepted('looper-1')).toHaveLength(3);
    expect(observer.stepsOf('looper-1', 'suppressed')).toHaveLength(1);
    expect(host.agent('looper-1').alive).toBe(false);
  });
});
