import type { AgentHealthRecord } from '@warden/contracts';

export interface Placement {
  hostId: string;
  zone: string;
}

/** Where a dead host's or zone's agents must not go. */
export interface ExcludedScope {
  hostIds: readonly string[];
  zones: readonly string[];
}

/**
 * Chooses hosts for replacements of agents lost with a host or a zone. A candidate host is one with a
 * healthy agent, outside the excluded hosts and zones; each takes at most `maxPerHost` replacements, the
 * least-loaded host (fewest agents known on it, plus those just placed) first. Agents left without a
 * place are not replaced: the escalation says so.
 */
export function planReplacements(
  agentIds: readonly string[],
  fleet: Iterable<AgentHealthRecord>,
  excluded: ExcludedScope,
  maxPerHost: number,
): Map<string, Placement> {
  const hosts = new Map<string, { zone: string; agents: number; healthy: boolean; placed: number }>();
  for (const record of fleet) {
    if (excluded.hostIds.includes(record.hostId) || excluded.zones.includes(record.zone)) continue;
    const host = hosts.get(record.hostId) ?? { zone: record.zone, agents: 0, healthy: false, placed: 0 };
    host.agents++;
    host.healthy ||= record.state === 'healthy';
    hosts.set(record.hostId, host);
  }
  const placements = new Map<string, Placement>();
  if (maxPerHost <= 0) return placements;
  for (const agentId of agentIds) {
    const candidates = [...hosts.entries()]
      .filter(([, host]) => host.healthy && host.placed < maxPerHost)
      .sort(([idA, a], [idB, b]) => a.agents + a.placed - (b.agents + b.placed) || idA.localeCompare(idB));
    const chosen = candidates[0];
    if (!chosen) break;
    const [hostId, host] = chosen;
    host.placed++;
    placements.set(agentId, { hostId, zone: host.zone });
  }
  return placements;
}
