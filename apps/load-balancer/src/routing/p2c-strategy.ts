import type { AgentSlot } from '../fleet/agent-slot';
import { scanFrom, type PickContext, type RoutingStrategy } from './routing-strategy';

/** Random samples tried before falling back to a scan: keeps a pick O(1) unless most agents are unacceptable. */
const SAMPLES = 8;

/**
 * Power of two choices (Mitzenmacher; Finagle's default, Envoy's least request): two acceptable agents
 * at random, the one with the lower cost wins. Cost = (work + 1) × latency ÷ weight — Finagle's peak
 * EWMA times outstanding work, so a slow agent and a busy agent both lose, and slow start and
 * degradation lower an agent's share smoothly instead of all at once.
 */
export class PowerOfTwoChoicesStrategy implements RoutingStrategy {
  readonly name = 'p2c' as const;

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    const first = this.sample(pool, context, undefined);
    if (!first) return undefined;
    const second = this.sample(pool, context, first);
    if (!second) {
      context.considered = 1;
      context.reason = 'only acceptable agent';
      return first;
    }
    context.considered = 2;
    const a = cost(first, context);
    const b = cost(second, context);
    const winner = a <= b ? first : second;
    context.reason = `lower cost ${round(Math.min(a, b))} vs ${round(Math.max(a, b))} (work × latency ÷ weight)`;
    return winner;
  }

  private sample(
    pool: readonly AgentSlot[],
    context: PickContext,
    other: AgentSlot | undefined,
  ): AgentSlot | undefined {
    const n = pool.length;
    if (n === 0) return undefined;
    for (let i = 0; i < SAMPLES; i++) {
      const slot = pool[Math.floor(context.random() * n)];
      if (slot !== other && context.accept(slot)) return slot;
    }
    return scanFrom(pool, context, other);
  }
}

export function cost(slot: AgentSlot, context: PickContext): number {
  const observed = slot.latencyAt(context.now);
  const latency = observed > 1 ? observed : 1;
  return ((slot.load + 1) * latency) / context.fleet.weight(slot, context.now);
}

function round(value: number): string {
  return value < 10 ? value.toFixed(2) : value.toFixed(0);
}
