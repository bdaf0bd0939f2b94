import { eventually } from '@warden/testing';
import { policyFile, RecoveryObserver, RecoveryRig, TestHost } from './recovery-harness.test-helper';

const INTENSITY = 2;

const POLICY = policyFile(`
groups:
  - name: loop
    match: { agentIdPrefix: loop- }
    strategy: one_for_all
    intensity: ${INTENSITY}
    periodMs: 600000
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
`);

const LOOP = ['loop-a', 'loop-b', 'loop-c'];

/** Far more crashes than the intensity allows: a coordinator that never gives up is seen looping, not hung. */
const MAX_CRASHES = 8;

describe('recovery coordinator: a failure joining a group run is counted against intensity (issue 12 review)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    // Restarted agents come back after 1 s, so loop-a's crash lands while loop-b is still restarting.
    rig = await RecoveryRig.start(POLICY, 1_000);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  it('one_for_all: a member crashing each time it comes back makes the group give up after intensity + 1 crashes', async () => {
    await host.startInOrder(...LOOP);
    await observer.registeredHealthy(LOOP);
    const gaveUp = () => observer.escalations.find((entry) => entry.reason.includes('(group loop)'));
    const restartsOf = (agentId: string) =>
      host.accepted(agentId).filter((command) => command.action === 'restart').length;

    let crashes = 0;
    while (crashes < MAX_CRASHES) {
      const crashing = host.agent('loop-a');
      crashing.kill();
      await observer.fail(crashing);
      crashes++;
      const bRestarts = restartsOf('loop-b');
      // The next crash comes once loop-a is back and the run has moved on to restart loop-b: it joins
      // the run under way instead of opening a new one.
      const next = await eventually(
        () => {
          if (gaveUp()) return 'gave up';
          return restartsOf('loop-b') > bRestarts && host.agent('loop-a').alive ? 'crash again' : undefined;
        },
        { timeoutMs: 45_000, message: 'neither restarted loop-b again nor gave up' },
      );
      if (next === 'gave up') break;
    }

    const escalation = await eventually(gaveUp, {
      timeoutMs: 30_000,
      message: `the group never gave up after ${crashes} crashes`,
    });
    expect(escalation.reason).toContain(
      `restart intensity exceeded: more than ${INTENSITY} restarts within 600000 ms`,
    );
    expect(crashes).toBe(INTENSITY + 1);
    expect(restartsOf('loop-a')).toBe(INTENSITY);
    await eventually(() => LOOP.every((id) => !host.agent(id).alive), {
      timeoutMs: 30_000,
      message: 'the group that gave up was not stopped',
    });
  });
});
