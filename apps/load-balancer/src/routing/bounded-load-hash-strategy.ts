import type { AgentSlot } from '../fleet/agent-slot';
import { PowerOfTwoChoicesStrategy } from './p2c-strategy';
import type { PickContext, RoutingStrategy } from './routing-strategy';
import { fnv1a } from './string-hash';

const VIRTUAL_NODES = 40;

interface HashRing {
  points: Uint32Array;
  owners: Int32Array;
}

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam 2018; Envoy's
 * hash_balance_factor): a key goes to the first agent clockwise from its hash whose work is below
 * ⌈c × (total work + 1) ÷ agents⌉, so a key keeps its agent while that agent is not overloaded and
 * no agent ever holds more than c times the average. Work here is this replica's in-flight tasks.
 * Tasks without an affinity key fall back to P2C.
 */
export class BoundedLoadHashStrategy implements RoutingStrategy {
  readonly name = 'consistent-hash' as const;
  private readonly rings = new WeakMap<readonly AgentSlot[], HashRing>();
  private readonly fallback = new PowerOfTwoChoicesStrategy();

  constructor(readonly balanceFactor = 1.25) {}

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    const key = context.affinityKey;
    if (key === undefined || pool.length === 0) return this.fallback.pick(pool, context);
    const ring = this.ringOf(pool);
    let totalWork = 0;
    let acceptable = 0;
    for (const slot of pool) {
      if (!context.accept(slot)) continue;
      acceptable++;
      totalWork += slot.localInFlight;
    }
    if (acceptable === 0) return undefined;
    const bound = Math.ceil((this.balanceFactor * (totalWork + 1)) / acceptable);
    const start = lowerBound(ring.points, fnv1a(key));
    const points = ring.points.length;
    for (let i = 0; i < points; i++) {
      const slot = pool[ring.owners[(start + i) % points]];
      if (slot.localInFlight >= bound || !context.accept(slot)) continue;
      context.considered = i + 1;
      context.reason =
        i === 0 ? `owner of key (bound ${bound})` : `owner full or out; ${i} ring steps (bound ${bound})`;
      return slot;
    }
    return undefined;
  }

  private ringOf(pool: readonly AgentSlot[]): HashRing {
    let ring = this.rings.get(pool);
    if (ring) return ring;
    const entries: [number, number][] = [];
    pool.forEach((slot, index) => {
      for (let v = 0; v < VIRTUAL_NODES; v++) entries.push([fnv1a(`${slot.agentId}#${v}`), index]);
    });
    entries.sort((a, b) => a[0] - b[0]);
    ring = {
      points: Uint32Array.from(entries, (entry) => entry[0]),
      owners: Int32Array.from(entries, (entry) => entry[1]),
    };
    this.rings.set(pool, ring);
    return ring;
  }
}

function lowerBound(points: Uint32Array, value: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (points[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low === points.length ? 0 : low;
}
