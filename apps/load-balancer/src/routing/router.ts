import type { TaskPriority } from '@warden/contracts';
import type { AgentSlot } from '../fleet/agent-slot';
import type { FleetView } from '../fleet/fleet-view';
import { LANE_CAPACITY_SHARE } from './priority-lanes';
import type { PickContext, StrategyName } from './routing-strategy';
import type { StrategyTable } from './strategy-table';

export interface RouteRequest {
  taskType: string;
  requiredCapabilities: readonly string[];
  preferredZones: readonly string[];
  priority: TaskPriority;
  affinityKey?: string;
  /** Agents this task already tried (retries go elsewhere). */
  exclude?: ReadonlySet<string>;
}

export interface RouteDecision {
  slot: AgentSlot;
  strategy: StrategyName;
  considered: number;
  /** Why this agent: the strategy's reason plus zone and panic notes. */
  reason: string;
}

/**
 * One routing decision: the capability pool, then each preferred zone in order and any zone last,
 * and in each the task type's strategy over the agents that are acceptable — routable (health,
 * suspicion, failure, quarantine, freshness; everything but hard exclusions during a panic), breaker
 * allowing, every capability present, lane headroom, not tried before.
 */
export class Router {
  private request!: RouteRequest;
  private zone: string | undefined;
  private laneShare = 1;
  private readonly context: PickContext;

  constructor(
    private readonly fleet: FleetView,
    private readonly strategies: StrategyTable,
    random: () => number = Math.random,
  ) {
    this.context = {
      fleet,
      now: 0,
      affinityKey: undefined,
      accept: (slot) => this.accept(slot),
      random,
      considered: 0,
      reason: '',
    };
  }

  route(request: RouteRequest, now: number): RouteDecision | undefined {
    this.request = request;
    this.laneShare = LANE_CAPACITY_SHARE[request.priority];
    const context = this.context;
    context.now = now;
    context.affinityKey = request.affinityKey;
    const strategy = this.strategies.strategyFor(request.taskType);
    const pool = this.fleet.poolFor(request.requiredCapabilities);
    const zones = request.preferredZones;
    for (let i = 0; i <= zones.length; i++) {
      this.zone = i < zones.length ? zones[i] : undefined;
      context.considered = 0;
      const slot = strategy.pick(pool, context);
      if (!slot) continue;
      let reason = context.reason;
      if (zones.length > 0)
        reason +=
          this.zone === undefined ? '; no capacity in preferred zones, any zone' : `; zone ${this.zone}`;
      if (this.fleet.panic) reason += `; panic (${Math.round(this.fleet.routableShare * 100)}% routable)`;
      return { slot, strategy: strategy.name, considered: context.considered, reason };
    }
    return undefined;
  }

  private accept(slot: AgentSlot): boolean {
    const request = this.request;
    if (this.zone !== undefined && slot.zone !== this.zone) return false;
    if (request.exclude !== undefined && request.exclude.has(slot.agentId)) return false;
    if (!this.fleet.routable(slot, this.context.now)) return false;
    const required = request.requiredCapabilities;
    for (let i = 0; i < required.length; i++) if (!slot.capabilities.has(required[i])) return false;
    if (slot.load >= slot.capacity * this.laneShare) return false;
    return slot.breaker.allows(this.context.now);
  }
}
