import { eventually } from '@warden/testing';
import { policyFile, RecoveryObserver, RecoveryRig, TestHost } from './recovery-harness.test-helper';

// Two levels of an OTP tree: `workers` (one_for_one) under `domain` (one_for_one, the root here); and
// `svc-a`, `svc-b` under `svc` (one_for_all, no agents of its own).
const POLICY = policyFile(`
groups:
  - name: workers
    match: { agentIdPrefix: tree-w- }
    parent: domain
    intensity: 1
    periodMs: 600000
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
  - name: domain
    match: { agentIdPrefix: tree-d- }
    intensity: 1
    periodMs: 600000
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
  - name: svc-a
    match: { agentIdPrefix: svc-a- }
    parent: svc
    intensity: 0
  - name: svc-b
    match: { agentIdPrefix: svc-b- }
    parent: svc
  - name: svc
    match: { agentIds: [] }
    strategy: one_for_all
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
`);

const WORKERS = ['tree-w-1', 'tree-w-2'];

describe('recovery coordinator: a supervisor tree (issue 12 #13)', () => {
  let rig: RecoveryRig;
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    rig = await RecoveryRig.start(POLICY);
    ({ observer, host } = rig);
  });

  afterAll(() => rig?.stop());

  /** Crashes tree-w-1 (restarted by workers), then tree-w-2: more than 1 restart, so workers gives up. */
  async function exceedWorkers(): Promise<void> {
    const first = host.agent('tree-w-1');
    const restartsBefore = host.accepted('tree-w-1').length;
    first.kill();
    await observer.fail(first);
    await eventually(
      () => host.accepted('tree-w-1').length > restartsBefore && host.agent('tree-w-1').alive,
      {
        timeoutMs: 30_000,
      },
    );
    await observer.registeredHealthy(['tree-w-1']);
    const second = host.agent('tree-w-2');
    second.kill();
    await observer.fail(second);
  }

  it('a child group exceeding its intensity is stopped and restarted as a unit by its parent, not escalated', async () => {
    await host.startInOrder(...WORKERS, 'tree-d-1');
    await observer.registeredHealthy([...WORKERS, 'tree-d-1']);
    const before = new Map(WORKERS.map((id) => [id, host.agent(id).incarnation]));
    await exceedWorkers();

    await eventually(
      () => observer.ledger.some((entry) => entry.group === 'domain' && entry.kind === 'succeeded'),
      { timeoutMs: 45_000, message: 'the parent group never restarted its child group' },
    );
    const decision = observer.ledger.find(
      (entry) => entry.group === 'domain' && entry.kind === 'policy-fired',
    );
    expect(decision?.diagnosis).toBe('child-group-intensity-exceeded');
    expect(decision?.affectedAgentIds).toEqual(WORKERS);
    expect(host.acceptedOf('stop')).toContain('tree-w-1');
    for (const id of WORKERS) {
      expect(host.agent(id).alive).toBe(true);
      expect(host.agent(id).incarnation).toBeGreaterThan(before.get(id) as number);
    }
    // tree-d-1 is the parent's own agent: a one_for_one parent leaves it alone.
    expect(host.accepted('tree-d-1')).toHaveLength(0);
    expect(observer.escalations).toHaveLength(0);
  });

  it('when the parent exceeds its own intensity too, its whole subtree is stopped and the root escalates to people', async () => {
    await observer.registeredHealthy(WORKERS);
    await exceedWorkers();

    const escalation = await eventually(
      () => observer.escalations.find((entry) => entry.reason.includes('(group domain)')),
      { timeoutMs: 45_000, message: 'the root never escalated' },
    );
    expect(escalation.reason).toContain('restart intensity exceeded: more than 1 restarts within 600000 ms');
    await eventually(() => [...WORKERS, 'tree-d-1'].every((id) => !host.agent(id).alive), {
      timeoutMs: 30_000,
      message: 'the root did not stop its subtree',
    });
    expect(host.acceptedOf('stop')).toContain('tree-d-1');
  });

  it('a one_for_all parent restarts every child group, in the order the policy lists them', async () => {
    // svc-b's agents start first: restarting in start order (or by incarnation) would put them first.
    const agents = await host.startInOrder('svc-b-1', 'svc-b-2', 'svc-a-1', 'svc-a-2');
    const before = new Map(agents.map((agent) => [agent.id, agent.incarnation]));
    await observer.registeredHealthy([...before.keys()]);
    const failing = host.agent('svc-a-2');
    failing.kill();
    await observer.fail(failing);

    await eventually(
      () => observer.ledger.some((entry) => entry.group === 'svc' && entry.kind === 'succeeded'),
      { timeoutMs: 45_000, message: 'the one_for_all parent never restarted its children' },
    );
    for (const [id, incarnation] of before) {
      expect(host.agent(id).alive).toBe(true);
      expect(host.agent(id).incarnation).toBeGreaterThan(incarnation);
    }
    expect(host.acceptedOf('restart').filter((id) => id.startsWith('svc-'))).toEqual([
      'svc-a-1',
      'svc-a-2',
      'svc-b-1',
      'svc-b-2',
    ]);
  });
});
