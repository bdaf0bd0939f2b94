import type { GroupPolicy } from '../policy/recovery-policy';
import type { GroupResolver } from '../policy/group-resolver';
import type { RunTarget } from '../state/recovery-records';
import { scopeValueOf } from '../supervision/intensity-scope';
import type { AgentHealthTracker } from './agent-health-tracker';
import type { FleetRegistryView } from './fleet-registry-view';

/**
 * The agents of one or more groups in one group instance (the fleet, or the zone or host of `anchor`),
 * as the registry lists them, with the newest incarnation heard of (the registry may lag behind a restart
 * the health feed already reported). Stopped agents are left out: nothing is to be restarted there.
 */
export class GroupMembers {
  constructor(
    private readonly registry: FleetRegistryView,
    private readonly health: AgentHealthTracker,
    private readonly groups: GroupResolver,
  ) {}

  of(groupNames: ReadonlySet<string>, scoped: GroupPolicy, anchor: RunTarget): RunTarget[] {
    const where = scopeValueOf(scoped, anchor);
    const members: RunTarget[] = [];
    for (const record of this.registry.all()) {
      if (record.state === 'stopped' || record.lifecycle === 'stopped') continue;
      if (!groupNames.has(this.groups.groupOf(record).name)) continue;
      if (scopeValueOf(scoped, record) !== where) continue;
      members.push({
        agentId: record.agentId,
        hostId: record.hostId,
        zone: record.zone,
        incarnation: Math.max(record.incarnation, this.health.latestOf(record.agentId)?.incarnation ?? 0),
      });
    }
    return members;
  }
}
