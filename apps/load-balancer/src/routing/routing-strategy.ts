import type { AgentSlot } from '../fleet/agent-slot';
import type { FleetView } from '../fleet/fleet-view';

export const STRATEGY_NAMES = [
  'p2c',
  'weighted',
  'round-robin',
  'least-loaded',
  'preference',
  'consistent-hash',
] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** What a strategy sees of one decision; one instance is reused for every decision of a router. */
export interface PickContext {
  readonly fleet: FleetView;
  now: number;
  affinityKey: string | undefined;
  /** Whether the agent may take this task now (routable, breaker, capabilities, zone, lane headroom, not tried). */
  accept(slot: AgentSlot): boolean;
  random(): number;
  /** Set by the strategy: how many agents it compared. */
  considered: number;
  /** Set by the strategy: a short why, e.g. "lower cost 3.1 < 7.4". */
  reason: string;
}

export interface RoutingStrategy {
  readonly name: StrategyName;
  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined;
}

/** The first acceptable agent from a scan starting at a random index (the fallback when sampling fails). */
export function scanFrom(
  pool: readonly AgentSlot[],
  context: PickContext,
  skip?: AgentSlot,
): AgentSlot | undefined {
  const n = pool.length;
  const start = Math.floor(context.random() * n);
  for (let i = 0; i < n; i++) {
    const slot = pool[(start + i) % n];
    if (slot !== skip && context.accept(slot)) return slot;
  }
  return undefined;
}
