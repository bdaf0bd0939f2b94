import { eventually } from '@warden/testing';
import { policyFile, RecoveryObserver, RecoveryRig, TestHost } from './recovery-harness.test-helper';

// No configured order: the start order is the one the coordinator records when it first sees the group.
const POLICY = policyFile(`
groups:
  - name: chain
    match: { agentIdPrefix: chain- }
    strategy: rest_for_one
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
  - name: trio
    match: { agentIdPrefix: trio- }
    strategy: one_for_all
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
`);

const CHAIN = ['chain-a', 'chain-b', 'chain-c', 'chain-d'];
const TRIO = ['trio-1', 'trio-2', 'trio-3'];

describe('recovery coordinator: group restarts in start order, and joins of a group run (issue 12 #6, #7)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    // A restarted agent comes back only after 1.5 s, so a failure can join the run while it waits.
    rig = await RecoveryRig.start(POLICY, 1_500);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  it('one_for_all commands each member only after the one started before it is back', async () => {
    await host.startInOrder(...TRIO);
    await observer.registeredHealthy(TRIO);
    const failing = host.agent('trio-2');
    failing.kill();
    await observer.fail(failing);

    await eventually(() => TRIO.every((id) => observer.stepsOf(id, 'succeeded').length === 1), {
      timeoutMs: 45_000,
    });
    const trioSequence = host.sequence.filter((entry) => /^(restart|started) trio-/.test(entry));
    expect(trioSequence.slice(-6)).toEqual([
      'restart trio-1',
      'started trio-1',
      'restart trio-2',
      'started trio-2',
      'restart trio-3',
      'started trio-3',
    ]);
  });

  it('rest_for_one: an earlier agent failing during the run extends it to every agent from it on, and all come back', async () => {
    const agents = await host.startInOrder(...CHAIN);
    const before = new Map(agents.map((agent) => [agent.id, agent.incarnation]));
    await observer.registeredHealthy(CHAIN);

    const c = host.agent('chain-c');
    c.kill();
    await observer.fail(c);
    // The run for c, d is under way (c commanded); now a fails: OTP restarts a, b, c, d.
    await eventually(() => host.accepted('chain-c').length === 1, { timeoutMs: 30_000 });
    const a = host.agent('chain-a');
    a.kill();
    const joining = await observer.fail(a);

    await eventually(
      () =>
        CHAIN.every((id) => {
          const agent = host.agent(id);
          return agent.alive && agent.incarnation > (before.get(id) as number);
        }),
      { timeoutMs: 60_000, message: 'not every chain agent came back with a new incarnation' },
    );
    await eventually(() => observer.stepsOf('chain-a', 'succeeded').length >= 1, { timeoutMs: 30_000 });
    expect(host.accepted('chain-a').length).toBeGreaterThanOrEqual(1);
    expect(host.accepted('chain-b').length).toBeGreaterThanOrEqual(1);
    expect(
      observer.ledger.some(
        (entry) => entry.kind === 'joined' && entry.failureIds?.includes(joining.failureId),
      ),
    ).toBe(true);
    // After the join the restarts go in start order from a.
    const afterJoin = host.acceptedOf('restart').filter((id) => id.startsWith('chain-'));
    const fromA = afterJoin.slice(afterJoin.lastIndexOf('chain-a'));
    expect(fromA).toEqual(['chain-a', 'chain-b', 'chain-c', 'chain-d']);
  });
});
