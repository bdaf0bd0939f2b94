import type { BreakerState, BreakerTransition, TaskAssigned, TaskResult } from '@warden/contracts';

const WINDOW_MS = 10_000;

export interface RoutingPanelSnapshot {
  /** Routing decisions per second over the last 10 s. */
  ratePerSecond: number;
  routedTotal: number;
  /** Decisions that were a second or later attempt (a retry or a reassignment). */
  retriesTotal: number;
  succeeded: number;
  failed: number;
  /** Tasks per agent over the last 10 s, busiest first. */
  perAgent: [string, number][];
  /** Agents whose breaker is not closed, with its state. */
  breakers: [string, BreakerState][];
  breakerTransitions: number;
}

/** What the load balancer did lately, from its assignments, the agents' results and breaker transitions. */
export class RoutingPanelModel {
  private readonly recent: { at: number; agentId: string }[] = [];
  private routedTotal = 0;
  private retriesTotal = 0;
  private succeeded = 0;
  private failed = 0;
  private breakerTransitions = 0;
  private readonly breakerStates = new Map<string, { state: BreakerState; generation: number }>();

  assigned(assignment: TaskAssigned, now: number): void {
    this.routedTotal++;
    if (assignment.attempt > 1) this.retriesTotal++;
    this.recent.push({ at: now, agentId: assignment.agentId });
    this.prune(now);
  }

  resulted(result: TaskResult): void {
    if (result.outcome === 'succeeded') this.succeeded++;
    else this.failed++;
  }

  breaker(transition: BreakerTransition): void {
    this.breakerTransitions++;
    const known = this.breakerStates.get(transition.agentId);
    if (known && known.generation > transition.generation) return;
    this.breakerStates.set(transition.agentId, {
      state: transition.state,
      generation: transition.generation,
    });
  }

  snapshot(now: number): RoutingPanelSnapshot {
    this.prune(now);
    const perAgent = new Map<string, number>();
    for (const { agentId } of this.recent) perAgent.set(agentId, (perAgent.get(agentId) ?? 0) + 1);
    return {
      ratePerSecond: this.recent.length / (WINDOW_MS / 1000),
      routedTotal: this.routedTotal,
      retriesTotal: this.retriesTotal,
      succeeded: this.succeeded,
      failed: this.failed,
      perAgent: [...perAgent].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      breakers: [...this.breakerStates]
        .filter(([, entry]) => entry.state !== 'closed')
        .map(([agentId, entry]): [string, BreakerState] => [agentId, entry.state])
        .sort((a, b) => a[0].localeCompare(b[0])),
      breakerTransitions: this.breakerTransitions,
    };
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.recent.length && now - this.recent[drop].at > WINDOW_MS) drop++;
    if (drop > 0) this.recent.splice(0, drop);
  }
}
