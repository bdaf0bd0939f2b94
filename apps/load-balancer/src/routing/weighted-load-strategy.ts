import type { AgentSlot } from '../fleet/agent-slot';
import type { PickContext, RoutingStrategy } from './routing-strategy';

/** How much each figure counts in the load score (the seed's Hybrid{factors}). */
export interface LoadScoreWeights {
  cpu: number;
  memory: number;
  inFlight: number;
  latency: number;
  errors: number;
}

export const DEFAULT_LOAD_SCORE_WEIGHTS: LoadScoreWeights = {
  cpu: 1,
  memory: 0.5,
  inFlight: 2,
  latency: 1,
  errors: 2,
};

/** Latency at which the latency term is 1 (a second: agents' tasks are long next to RPCs). */
const LATENCY_SCALE_MS = 1_000;

/**
 * Random choice weighted by 1 ÷ (1 + load score): every acceptable agent gets some work, a loaded
 * one less. The score is the weighted sum of cpu, memory, work ÷ capacity, latency and error ratio.
 */
export class WeightedLoadStrategy implements RoutingStrategy {
  readonly name = 'weighted' as const;
  private weights: Float64Array = new Float64Array(64);

  constructor(private readonly factors: LoadScoreWeights = DEFAULT_LOAD_SCORE_WEIGHTS) {}

  score(slot: AgentSlot, now: number): number {
    const f = this.factors;
    return (
      f.cpu * slot.cpuRatio +
      f.memory * slot.memoryRatio +
      f.inFlight * (slot.load / slot.capacity) +
      f.latency * (slot.latencyAt(now) / LATENCY_SCALE_MS) +
      f.errors * slot.errorRatio
    );
  }

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    if (this.weights.length < pool.length) this.weights = new Float64Array(pool.length * 2);
    let total = 0;
    let considered = 0;
    for (let i = 0; i < pool.length; i++) {
      const slot = pool[i];
      const weight = context.accept(slot)
        ? context.fleet.weight(slot, context.now) / (1 + this.score(slot, context.now))
        : 0;
      if (weight > 0) considered++;
      this.weights[i] = weight;
      total += weight;
    }
    context.considered = considered;
    if (total === 0) return undefined;
    let target = context.random() * total;
    let chosen = -1;
    for (let i = 0; i < pool.length; i++) {
      if (this.weights[i] === 0) continue;
      chosen = i;
      target -= this.weights[i];
      if (target <= 0) break;
    }
    context.reason = `weighted draw: load score ${this.score(pool[chosen], context.now).toFixed(2)}`;
    return pool[chosen];
  }
}
