import type { GroupPolicy } from '../policy/recovery-policy';
import { childrenOf } from '../policy/supervisor-tree';
import type { RecoveryStore } from '../state/recovery-store';
import { RecoveryKeys, type RunTarget, type StartOrderRecord } from '../state/recovery-records';
import { scopeValueOf } from '../supervision/intensity-scope';
import type { FleetRegistryView } from './fleet-registry-view';
import { nextStartOrderRecord } from './start-order-record';

/**
 * The start order of each group instance, recorded in the `recovery` bucket the first time the
 * coordinator sees each member and shared by every replica, so restarts (which hand out the newest
 * incarnations) never reorder it. Configured ids (`order`) always come first. Agents the registry no
 * longer lists are dropped from it, and a record still in use is rewritten before the bucket's TTL
 * would expire it (see `nextStartOrderRecord`).
 */
export class StartOrderBook {
  constructor(
    private readonly store: RecoveryStore,
    private readonly groups: readonly GroupPolicy[],
    private readonly registry: FleetRegistryView,
  ) {}

  /**
   * Records the members not seen before (at the end, in their start order) and returns the order. Only
   * where order decides what is restarted — one_for_all, rest_for_one, and the groups of a supervisor
   * tree; elsewhere (a flat one_for_one group, the fleet-wide default) the configured order and then
   * incarnations do, and nothing is written per failure.
   */
  async orderOf(group: GroupPolicy, anchor: RunTarget, members: readonly RunTarget[]): Promise<string[]> {
    if (!this.records(group)) return [...group.order];
    const now = Date.now();
    const { registry } = this;
    // A registry still replaying (a replica starting) lacks agents that exist: nothing is pruned by it.
    const listed = registry.caughtUp ? (agentId: string) => registry.get(agentId) !== undefined : () => true;
    const { result } = await this.store.mutate<StartOrderRecord, string[]>(
      RecoveryKeys.startOrder(group.name, scopeValueOf(group, anchor)),
      { agentIds: [] },
      (record) => {
        const { agentIds, write } = nextStartOrderRecord(record, members, group.order, listed, now);
        return { next: write, result: agentIds };
      },
    );
    return [...group.order, ...result];
  }

  /** Whether the group's start order is recorded (see `orderOf`). */
  records(group: GroupPolicy): boolean {
    return (
      group.strategy === 'one_for_all' ||
      group.strategy === 'rest_for_one' ||
      group.parent !== undefined ||
      childrenOf(group, this.groups).length > 0
    );
  }
}
