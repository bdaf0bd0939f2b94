import type { AgentSlot } from '../fleet/agent-slot';
import type { PickContext, RoutingStrategy } from './routing-strategy';

/** A full scan for the lowest work ÷ capacity ÷ weight: exact, O(n), for small pools and long tasks. */
export class LeastLoadedStrategy implements RoutingStrategy {
  readonly name = 'least-loaded' as const;

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    let best: AgentSlot | undefined;
    let bestScore = Infinity;
    let considered = 0;
    for (const slot of pool) {
      if (!context.accept(slot)) continue;
      considered++;
      const score = slot.load / slot.capacity / context.fleet.weight(slot, context.now);
      if (score < bestScore) {
        best = slot;
        bestScore = score;
      }
    }
    context.considered = considered;
    context.reason = `least loaded: ${bestScore.toFixed(2)} of capacity among ${considered}`;
    return best;
  }
}
