import type { GroupPolicy } from '../policy/recovery-policy';
import type { RunTarget } from '../state/recovery-records';

type Placed = Pick<RunTarget, 'agentId' | 'hostId' | 'zone'>;

/** Which instance of a group an agent belongs to: the whole fleet, its zone, or its host. */
export function scopeValueOf(group: GroupPolicy, agent: Placed): string {
  if (group.scope === 'zone') return agent.zone;
  if (group.scope === 'host') return agent.hostId;
  return 'all';
}

/**
 * The KV key under which a restart of `agent` is counted against its group's intensity. OTP counts a
 * supervisor's restarts, whatever child they were for, so the default key is the group's instance (its
 * scope); `intensityPer: agent` keeps one count per agent, for groups of unrelated agents.
 */
export function intensityKeyOf(group: GroupPolicy, agent: Placed): string {
  if (group.intensityPer === 'agent') return `intensity.agent.${agent.agentId}`;
  return `intensity.group.${group.name}.${scopeValueOf(group, agent)}`;
}
