import type { AgentHealthRecord } from '@warden/contracts';
import type { Change, Stored } from '@warden/messaging';
import type { RecoveryContext } from '../engine/recovery-context';
import type { RecoveryLedger } from '../ledger/recovery-ledger';
import { GroupResolver } from '../policy/group-resolver';
import { parseRecoveryPolicy } from '../policy/load-recovery-policy';
import type { GroupPolicy, RecoveryPolicy } from '../policy/recovery-policy';
import { AgentHealthTracker } from '../registry/agent-health-tracker';
import { FleetRegistryView } from '../registry/fleet-registry-view';
import type { RecoveryRun, RunTarget, ScopeRecord } from '../state/recovery-records';
import type { RecoveryStore } from '../state/recovery-store';
import { ParentFailure } from './parent-failure';

/** The `recovery` bucket in memory: one writer, so no compare-and-set race to lose. */
class MemoryStore {
  readonly values = new Map<string, Stored<unknown>>();
  private revision = 0;

  async read<T>(key: string): Promise<Stored<T> | undefined> {
    return this.values.get(key) as Stored<T> | undefined;
  }

  async mutate<T, R>(
    key: string,
    empty: T,
    change: (current: T, revision: number | undefined) => Change<T, R>,
  ): Promise<{ result: R; revision?: number }> {
    const stored = this.values.get(key) as Stored<T> | undefined;
    const decided = change(structuredClone(stored ? stored.value : empty), stored?.revision);
    if (decided.next === undefined) return { result: decided.result };
    this.values.set(key, { value: structuredClone(decided.next), revision: ++this.revision });
    return { result: decided.result, revision: this.revision };
  }
}

const SERVICES = ['svc-a-1', 'svc-a-2', 'svc-b-1', 'svc-b-2', 'svc-c-1'];

function policyOf(parentStrategy: string): RecoveryPolicy {
  return parseRecoveryPolicy(
    {
      groups: [
        { name: 'svc-a', match: { agentIdPrefix: 'svc-a-' }, parent: 'svc' },
        { name: 'svc-b', match: { agentIdPrefix: 'svc-b-' }, parent: 'svc' },
        { name: 'svc-c', match: { agentIdPrefix: 'svc-c-' }, parent: 'svc' },
        { name: 'svc', match: { agentIds: [] }, strategy: parentStrategy },
      ],
    },
    'test policy',
  );
}

/** svc-b's agents started first: older incarnations than svc-a's, so start order differs from policy order. */
const INCARNATIONS: Record<string, number> = {
  'svc-b-1': 100,
  'svc-b-2': 200,
  'svc-a-1': 300,
  'svc-a-2': 400,
  'svc-c-1': 500,
};

const target = (agentId: string, incarnation = INCARNATIONS[agentId]): RunTarget => ({
  agentId,
  hostId: 'host-a',
  zone: 'zone-a',
  incarnation,
});

function setUp(parentStrategy: string) {
  const policy = policyOf(parentStrategy);
  const store = new MemoryStore();
  const registry = new FleetRegistryView();
  for (const agentId of SERVICES)
    registry.put({
      ...target(agentId),
      capabilities: [],
      lifecycle: 'running',
      state: 'healthy',
    } as unknown as AgentHealthRecord);
  const ledger = { record: async () => undefined } as unknown as RecoveryLedger;
  const context = {
    instanceId: 'coordinator-1',
    policy,
    groups: new GroupResolver(policy),
    store: store as unknown as RecoveryStore,
    registry,
    health: new AgentHealthTracker(),
    ledger,
    random: () => 0.5,
  } as unknown as RecoveryContext;
  const group = (name: string): GroupPolicy => context.groups.named(name) as GroupPolicy;
  const childRun = (child: string, failed: string): RecoveryRun =>
    ({ runId: `run-${child}`, attempt: 1, failed: target(failed), severity: 'high' }) as RecoveryRun;
  const parentFailure = new ParentFailure(context);
  const giveUp = (child: string, stopped: string[]) =>
    parentFailure.raise(
      childRun(child, stopped[0]),
      group(child),
      group('svc'),
      stopped.map((id) => target(id)),
    );
  const parentRun = (): RecoveryRun => {
    const scope = [...store.values.entries()].find(([key]) => key.startsWith('scope.group.svc.'));
    return (scope?.[1].value as ScopeRecord).run as RecoveryRun;
  };
  return { giveUp, parentRun };
}

const ids = (targets: readonly RunTarget[]) => targets.map((entry) => entry.agentId);

describe('ParentFailure: a second child group giving up joins the parent run under way', () => {
  it('one_for_all: the joined run keeps the child groups in policy order, not by incarnation', async () => {
    const { giveUp, parentRun } = setUp('one_for_all');
    await giveUp('svc-a', ['svc-a-1', 'svc-a-2']);
    expect(ids(parentRun().targets)).toEqual(['svc-a-1', 'svc-a-2', 'svc-b-1', 'svc-b-2', 'svc-c-1']);

    await giveUp('svc-b', ['svc-b-1', 'svc-b-2']);
    expect(ids(parentRun().targets)).toEqual(['svc-a-1', 'svc-a-2', 'svc-b-1', 'svc-b-2', 'svc-c-1']);
  });

  it('rest_for_one: the joining child restarts itself and the children after it, not the ones before', async () => {
    const { giveUp, parentRun } = setUp('rest_for_one');
    await giveUp('svc-a', ['svc-a-1', 'svc-a-2']);
    await giveUp('svc-b', ['svc-b-1', 'svc-b-2']);

    const run = parentRun();
    expect(ids(run.targets)).toEqual(['svc-a-1', 'svc-a-2', 'svc-b-1', 'svc-b-2', 'svc-c-1']);
    const again = run.targets.filter((entry) => entry.replaceCurrent).map((entry) => entry.agentId);
    expect(again).not.toContain('svc-a-1');
    expect(again).not.toContain('svc-a-2');
    expect(again).toContain('svc-c-1');
  });
});
