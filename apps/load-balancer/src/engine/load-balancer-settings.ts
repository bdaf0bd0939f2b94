import { DEFAULT_BREAKER_SETTINGS, type BreakerSettings } from '../breaker/breaker-settings';
import { parseLoadScoreWeights, parseTaskStrategies } from '../config/routing-policy';
import type { LoadBalancerConfig } from '../config/load-balancer.config';
import { DEFAULT_DISPATCH_SETTINGS, type DispatchSettings } from '../dispatch/dispatch-settings';
import { DEFAULT_RETRY_BUDGET, type RetryBudgetSettings } from '../dispatch/retry-budget';
import { DEFAULT_FLEET_SETTINGS, type FleetSettings } from '../fleet/fleet-settings';
import type { TaskTypeRouting } from '../routing/strategy-table';
import { DEFAULT_LOAD_SCORE_WEIGHTS, type LoadScoreWeights } from '../routing/weighted-load-strategy';

export interface LoadBalancerSettings {
  instanceId: string;
  routing: Record<string, TaskTypeRouting>;
  weights: LoadScoreWeights;
  breaker: BreakerSettings;
  retryBudget: RetryBudgetSettings;
  fleet: FleetSettings;
  dispatch: DispatchSettings;
  durableConcurrency: number;
  /** A durable submission whose replica stopped confirming it (every third of this) goes to another replica. */
  durableAckWaitMs: number;
}

export function defaultLoadBalancerSettings(instanceId: string): LoadBalancerSettings {
  return {
    instanceId,
    routing: {},
    weights: DEFAULT_LOAD_SCORE_WEIGHTS,
    breaker: DEFAULT_BREAKER_SETTINGS,
    retryBudget: DEFAULT_RETRY_BUDGET,
    fleet: DEFAULT_FLEET_SETTINGS,
    dispatch: DEFAULT_DISPATCH_SETTINGS,
    durableConcurrency: 512,
    durableAckWaitMs: 30_000,
  };
}

export function loadBalancerSettingsOf(config: LoadBalancerConfig): LoadBalancerSettings {
  const defaults = defaultLoadBalancerSettings(config.SERVICE_INSTANCE_ID);
  return {
    ...defaults,
    routing: parseTaskStrategies(config.TASK_STRATEGIES),
    weights: parseLoadScoreWeights(config.LOAD_SCORE_WEIGHTS),
    breaker: {
      ...defaults.breaker,
      consecutiveFailures: config.BREAKER_CONSECUTIVE_FAILURES,
      failureRatio: config.BREAKER_FAILURE_RATIO,
      minimumCalls: config.BREAKER_MINIMUM_CALLS,
      baseOpenMs: config.BREAKER_BASE_OPEN_MS,
      maxOpenMs: Math.max(config.BREAKER_MAX_OPEN_MS, config.BREAKER_BASE_OPEN_MS),
      halfOpenTrials: config.BREAKER_HALF_OPEN_TRIALS,
    },
    retryBudget: { ...defaults.retryBudget, ratio: config.RETRY_BUDGET_RATIO },
    fleet: {
      ...defaults.fleet,
      slowStartMs: config.SLOW_START_MS,
      panicThreshold: config.PANIC_THRESHOLD,
      staleAfterMs: config.AGENT_STALE_AFTER_MS,
    },
    dispatch: {
      ...defaults.dispatch,
      receiptTimeoutMs: config.DISPATCH_RECEIPT_TIMEOUT_MS,
      waitQueueLimit: config.WAIT_QUEUE_LIMIT,
    },
    durableConcurrency: config.DURABLE_CONCURRENCY,
    durableAckWaitMs: config.DURABLE_ACK_WAIT_MS,
  };
}
