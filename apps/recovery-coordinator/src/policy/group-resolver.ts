import type { GroupMatch, GroupPolicy, RecoveryPolicy } from './recovery-policy';

/** What group membership looks at. */
export interface GroupCandidate {
  agentId: string;
  capabilities: readonly string[];
}

/** Finds an agent's group: the first configured group whose match fits, else the default group. */
export class GroupResolver {
  private readonly byName: Map<string, GroupPolicy>;

  constructor(private readonly policy: RecoveryPolicy) {
    this.byName = new Map([...policy.groups, policy.defaultGroup].map((group) => [group.name, group]));
  }

  groupOf(agent: GroupCandidate): GroupPolicy {
    return this.policy.groups.find((group) => matches(group.match, agent)) ?? this.policy.defaultGroup;
  }

  named(name: string): GroupPolicy | undefined {
    return this.byName.get(name);
  }
}

function matches(match: GroupMatch, agent: GroupCandidate): boolean {
  if (match.capability !== undefined && !agent.capabilities.includes(match.capability)) return false;
  if (match.agentIdPrefix !== undefined && !agent.agentId.startsWith(match.agentIdPrefix)) return false;
  if (match.agentIds !== undefined && !match.agentIds.includes(agent.agentId)) return false;
  return true;
}
