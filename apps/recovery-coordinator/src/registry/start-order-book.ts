import type { GroupPolicy } from '../policy/recovery-policy';
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
  constructor(private readonly store: RecoveryStore) {}

  /** Records the members not seen before (at the end, in their start order) and returns the order. */
  async orderOf(group: GroupPolicy, anchor: RunTarget, members: readonly RunTarget[]): Promise<string[]> {
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
}
