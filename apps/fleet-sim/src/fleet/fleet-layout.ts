import type { FleetShape } from '../scenario/scenario';

export interface AgentPlacement {
  agentId: string;
  hostId: string;
  zone: string;
}

export interface HostPlacement {
  hostId: string;
  zone: string;
}

/**
 * Where every simulated agent lives. Hosts are dealt round-robin to zones and agents round-robin to
 * hosts, so a zone holds whole hosts (as in a real data centre) and sizes stay even.
 */
export class FleetLayout {
  readonly agents: AgentPlacement[];
  readonly hosts: HostPlacement[];
  readonly zones: string[];
  private readonly byAgent: Map<string, AgentPlacement>;

  constructor(shape: Pick<FleetShape, 'agents' | 'hosts' | 'zones'>) {
    const hostCount = Math.min(shape.hosts, shape.agents);
    const zoneCount = Math.min(shape.zones, hostCount);
    this.zones = Array.from({ length: zoneCount }, (_, index) => zoneName(index, zoneCount));
    this.hosts = Array.from({ length: hostCount }, (_, index) => ({
      hostId: `host-${pad(index + 1, hostCount, 2)}`,
      zone: this.zones[index % zoneCount],
    }));
    this.agents = Array.from({ length: shape.agents }, (_, index) => {
      const host = this.hosts[index % hostCount];
      return { agentId: `agent-${pad(index + 1, shape.agents, 4)}`, hostId: host.hostId, zone: host.zone };
    });
    this.byAgent = new Map(this.agents.map((agent) => [agent.agentId, agent]));
  }

  placement(agentId: string): AgentPlacement | undefined {
    return this.byAgent.get(agentId);
  }

  agentsOfHost(hostId: string): string[] {
    return this.agents.filter((agent) => agent.hostId === hostId).map((agent) => agent.agentId);
  }

  agentsOfZone(zone: string): string[] {
    return this.agents.filter((agent) => agent.zone === zone).map((agent) => agent.agentId);
  }

  hasHost(hostId: string): boolean {
    return this.hosts.some((host) => host.hostId === hostId);
  }
}

function pad(value: number, largest: number, minimumDigits: number): string {
  return String(value).padStart(Math.max(minimumDigits, String(largest).length), '0');
}

function zoneName(index: number, count: number): string {
  return count <= 26 ? `zone-${String.fromCharCode(97 + index)}` : `zone-${pad(index + 1, count, 2)}`;
}
