import type { FleetView } from '../fleet/fleet-view';
import { BoundedLoadHashStrategy } from './bounded-load-hash-strategy';
import { LeastLoadedStrategy } from './least-loaded-strategy';
import { PowerOfTwoChoicesStrategy } from './p2c-strategy';
import { PreferenceStrategy } from './preference-strategy';
import { RoundRobinStrategy } from './round-robin-strategy';
import type { RoutingStrategy, StrategyName } from './routing-strategy';
import { WeightedLoadStrategy, type LoadScoreWeights } from './weighted-load-strategy';

/** One task type's routing: a strategy, and for `preference` its agent order. */
export interface TaskTypeRouting {
  strategy: StrategyName;
  preferredAgents?: readonly string[];
}

/** The strategy per task type; P2C for every type not listed. */
export class StrategyTable {
  private readonly byType = new Map<string, RoutingStrategy>();
  readonly defaultStrategy: RoutingStrategy = new PowerOfTwoChoicesStrategy();

  constructor(
    fleet: FleetView,
    routing: Readonly<Record<string, TaskTypeRouting>>,
    weights?: LoadScoreWeights,
  ) {
    const shared: Record<Exclude<StrategyName, 'preference'>, RoutingStrategy> = {
      p2c: this.defaultStrategy,
      weighted: new WeightedLoadStrategy(weights),
      'round-robin': new RoundRobinStrategy(),
      'least-loaded': new LeastLoadedStrategy(),
      'consistent-hash': new BoundedLoadHashStrategy(),
    };
    for (const [taskType, choice] of Object.entries(routing)) {
      this.byType.set(
        taskType,
        choice.strategy === 'preference'
          ? new PreferenceStrategy(choice.preferredAgents ?? [], fleet)
          : shared[choice.strategy],
      );
    }
  }

  strategyFor(taskType: string): RoutingStrategy {
    return this.byType.get(taskType) ?? this.defaultStrategy;
  }
}
