import type { GroupPolicy } from '../policy/recovery-policy';
import { childrenOf } from '../policy/supervisor-tree';
import type { RecoveryStore } from '../state/recovery-store';
import { RecoveryKeys, type RunTarget, type StartOrderRecord } from '../state/recovery-records';
import { scopeValueOf } from '../supervision/intensity-scope';
import { recordedStartOrder } from '../supervision/restart-targets';

/**
 * The start order of each group instance, recorded in the `recovery` bucket the first time the
 * coordinator sees each member and shared by every replica, so restarts (which hand out the newest
 * incarnations) never reorder it. Configured ids (`order`) always come first.
 */
export class StartOrderBook {
  constructor(
    private readonly store: RecoveryStore,
    private readonly groups: readonly GroupPolicy[],
  ) {}

  /**
   * Records the members not seen before (at the end, in their start order) and returns the order. Only
   * where order decides what is restarted — one_for_all, rest_for_one, and the groups of a supervisor
   * tree; elsewhere (a flat one_for_one group, the fleet-wide default) the configured order and then
   * incarnations do, and nothing is written per failure.
   */
  async orderOf(group: GroupPolicy, anchor: RunTarget, members: readonly RunTarget[]): Promise<string[]> {
    if (!this.records(group)) return [...group.order];
    const { result } = await this.store.mutate<StartOrderRecord, string[]>(
      RecoveryKeys.startOrder(group.name, scopeValueOf(group, anchor)),
      { agentIds: [] },
      (record) => {
        const agentIds = recordedStartOrder(record.agentIds, members, group.order);
        return agentIds.length === record.agentIds.length
          ? { result: agentIds }
          : { next: { agentIds }, result: agentIds };
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
