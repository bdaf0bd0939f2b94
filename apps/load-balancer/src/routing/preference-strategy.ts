import type { AgentSlot } from '../fleet/agent-slot';
import type { FleetView } from '../fleet/fleet-view';
import { PowerOfTwoChoicesStrategy } from './p2c-strategy';
import type { PickContext, RoutingStrategy } from './routing-strategy';

/**
 * The seed's CapabilityBased{preference_order}: the first agent of the list that is acceptable and
 * below its capacity, else P2C over the rest of the pool (capability matching itself is the router's,
 * for every strategy).
 */
export class PreferenceStrategy implements RoutingStrategy {
  readonly name = 'preference' as const;
  private readonly fallback = new PowerOfTwoChoicesStrategy();

  constructor(
    private readonly order: readonly string[],
    private readonly fleet: FleetView,
  ) {}

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    for (let i = 0; i < this.order.length; i++) {
      const slot = this.fleet.get(this.order[i]);
      if (!slot || slot.load >= slot.capacity || !context.accept(slot)) continue;
      context.considered = i + 1;
      context.reason = `preferred agent #${i + 1}`;
      return slot;
    }
    const slot = this.fallback.pick(pool, context);
    if (slot) context.reason = `no preferred agent free; ${context.reason}`;
    return slot;
  }
}
