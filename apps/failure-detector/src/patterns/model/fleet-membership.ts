import type { AgentHealthRecord, HealthState } from '@warden/contracts';

export interface Member {
  agentId: string;
  zone: string;
  hostId: string;
  capabilities: readonly string[];
  state: HealthState;
}

/**
 * Which agents exist per zone, host and capability, as the registry (`agents` bucket) says. Stopped
 * agents do not count: a zone half stopped by an operator is not half failed.
 */
export class FleetMembership {
  private readonly members = new Map<string, Member>();
  private readonly byZone = new Map<string, Set<string>>();
  private readonly byHost = new Map<string, Set<string>>();
  private readonly byCapability = new Map<string, Set<string>>();

  put(record: Pick<AgentHealthRecord, 'agentId' | 'zone' | 'hostId' | 'capabilities' | 'state'>): void {
    this.remove(record.agentId);
    const member: Member = {
      agentId: record.agentId,
      zone: record.zone,
      hostId: record.hostId,
      capabilities: [...record.capabilities],
      state: record.state,
    };
    this.members.set(member.agentId, member);
    if (member.state === 'stopped') return;
    index(this.byZone, member.zone, member.agentId);
    index(this.byHost, member.hostId, member.agentId);
    for (const capability of member.capabilities) index(this.byCapability, capability, member.agentId);
  }

  remove(agentId: string): void {
    const member = this.members.get(agentId);
    if (!member) return;
    this.members.delete(agentId);
    unindex(this.byZone, member.zone, agentId);
    unindex(this.byHost, member.hostId, agentId);
    for (const capability of member.capabilities) unindex(this.byCapability, capability, agentId);
  }

  get(agentId: string): Member | undefined {
    return this.members.get(agentId);
  }

  capabilitiesOf(agentId: string): readonly string[] {
    return this.members.get(agentId)?.capabilities ?? [];
  }

  /** Agents that are not stopped, fleet-wide. */
  size(): number {
    let count = 0;
    for (const agents of this.byZone.values()) count += agents.size;
    return count;
  }

  zoneSize(zone: string): number {
    return this.byZone.get(zone)?.size ?? 0;
  }

  hostSize(hostId: string): number {
    return this.byHost.get(hostId)?.size ?? 0;
  }

  capabilitySize(capability: string): number {
    return this.byCapability.get(capability)?.size ?? 0;
  }

  /** Agents of the zone that are not on `hostId`. */
  zoneSizeOutside(zone: string, hostId: string): number {
    let count = 0;
    for (const agentId of this.byZone.get(zone) ?? [])
      if (this.members.get(agentId)?.hostId !== hostId) count++;
    return count;
  }
}

function index(map: Map<string, Set<string>>, key: string, agentId: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(agentId);
}

function unindex(map: Map<string, Set<string>>, key: string, agentId: string): void {
  const set = map.get(key);
  set?.delete(agentId);
  if (set?.size === 0) map.delete(key);
}
