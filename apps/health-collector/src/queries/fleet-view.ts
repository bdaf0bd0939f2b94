import {
  AGENT_LIFECYCLES,
  HEALTH_STATES,
  type AgentHealthRecord,
  type AgentListQuery,
  type FleetSummaryQuery,
} from '@warden/contracts';

export interface FleetSummaryView {
  zone?: string;
  totalAgents: number;
  byState: { state: (typeof HEALTH_STATES)[number]; agents: number }[];
  byLifecycle: { lifecycle: (typeof AGENT_LIFECYCLES)[number]; agents: number }[];
  totalCapacity: number;
  totalInFlightTasks: number;
}

export interface AgentPageView {
  agents: AgentHealthRecord[];
  nextCursor?: string;
}

/**
 * The whole fleet as the registry bucket holds it, fed by a watch on that bucket, so any collector
 * replica answers queries about every agent — not only about the partitions it owns — and two replicas
 * give the same answer once they have seen the same revisions.
 */
export class FleetView {
  private readonly records = new Map<string, AgentHealthRecord>();
  private sortedIds?: string[];

  get size(): number {
    return this.records.size;
  }

  put(record: AgentHealthRecord): void {
    if (!this.records.has(record.agentId)) this.sortedIds = undefined;
    this.records.set(record.agentId, record);
  }

  remove(agentId: string): void {
    if (this.records.delete(agentId)) this.sortedIds = undefined;
  }

  get(agentId: string): AgentHealthRecord | undefined {
    return this.records.get(agentId);
  }

  summary(query: Pick<FleetSummaryQuery, 'zone'>): FleetSummaryView {
    const byState = new Map(HEALTH_STATES.map((state) => [state, 0]));
    const byLifecycle = new Map(AGENT_LIFECYCLES.map((lifecycle) => [lifecycle, 0]));
    let totalAgents = 0;
    let totalCapacity = 0;
    let totalInFlightTasks = 0;
    for (const record of this.records.values()) {
      if (query.zone !== undefined && record.zone !== query.zone) continue;
      totalAgents++;
      byState.set(record.state, (byState.get(record.state) ?? 0) + 1);
      byLifecycle.set(record.lifecycle, (byLifecycle.get(record.lifecycle) ?? 0) + 1);
      totalCapacity += record.load.capacity;
      totalInFlightTasks += record.load.inFlightTasks;
    }
    return {
      zone: query.zone,
      totalAgents,
      byState: [...byState].map(([state, agents]) => ({ state, agents })),
      byLifecycle: [...byLifecycle].map(([lifecycle, agents]) => ({ lifecycle, agents })),
      totalCapacity,
      totalInFlightTasks,
    };
  }

  /**
   * One page of agents matching every filter, in agent-id order. The cursor is the last id of the
   * previous page, so pages stay consistent while agents come and go between calls.
   */
  list(
    query: AgentListQuery,
    fits: (page: AgentHealthRecord[], next: AgentHealthRecord) => boolean = () => true,
  ): AgentPageView {
    const ids = this.orderedIds();
    let start = 0;
    if (query.cursor !== undefined) start = upperBound(ids, query.cursor);
    const states = query.states && new Set(query.states);
    const agents: AgentHealthRecord[] = [];
    let index = start;
    for (; index < ids.length && agents.length < query.limit; index++) {
      const record = this.records.get(ids[index])!;
      if (states && !states.has(record.state)) continue;
      if (query.zone !== undefined && record.zone !== query.zone) continue;
      if (query.hostId !== undefined && record.hostId !== query.hostId) continue;
      if (query.capability !== undefined && !record.capabilities.includes(query.capability)) continue;
      if (!fits(agents, record)) break;
      agents.push(record);
    }
    const more = agents.length > 0 && index < ids.length;
    return { agents, nextCursor: more ? agents[agents.length - 1].agentId : undefined };
  }

  private orderedIds(): string[] {
    this.sortedIds ??= [...this.records.keys()].sort();
    return this.sortedIds;
  }
}

/** Index of the first id greater than `cursor`. */
function upperBound(ids: readonly string[], cursor: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ids[middle] <= cursor) low = middle + 1;
    else high = middle;
  }
  return low;
}
