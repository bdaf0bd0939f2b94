import type { AgentSlot } from '../fleet/agent-slot';
import type { PickContext, RoutingStrategy } from './routing-strategy';

/** Each acceptable agent in turn, load-blind (the baseline the others are measured against). */
export class RoundRobinStrategy implements RoutingStrategy {
  readonly name = 'round-robin' as const;
  private readonly cursors = new WeakMap<readonly AgentSlot[], { next: number }>();

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    let cursor = this.cursors.get(pool);
    if (!cursor) this.cursors.set(pool, (cursor = { next: 0 }));
    const n = pool.length;
    for (let i = 0; i < n; i++) {
      const slot = pool[(cursor.next + i) % n];
      if (!context.accept(slot)) continue;
      cursor.next = (cursor.next + i + 1) % n;
      context.considered = i + 1;
      context.reason = 'next in turn';
      return slot;
    }
    context.considered = n;
    return undefined;
  }
}
