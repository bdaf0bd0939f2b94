import type { HealthThresholds } from './health-thresholds';
import type { LoadSignals } from './load-signals';

/**
 * The health score, 0 (useless) … 1 (perfect), used to rank agents and shown to operators:
 *
 *   score = 1 − Σ weight·min(1, signal / unhealthy.enter)
 *
 * with weights errorRatio 0.35, latencyEwmaMs 0.25, cpuRatio 0.15, memoryRatio 0.15, saturation 0.10
 * (they sum to 1). Each signal thus costs its whole weight once it reaches the unhealthy level. An
 * agent without a memory limit pays nothing for memory. Unresponsive and stopped agents score 0
 * whatever their last figures were; that rule lives with the states, not here.
 */
export const HEALTH_SCORE_WEIGHTS = {
  errorRatio: 0.35,
  latencyEwmaMs: 0.25,
  cpuRatio: 0.15,
  memoryRatio: 0.15,
  saturation: 0.1,
} as const;

export function healthScore(signals: LoadSignals, thresholds: HealthThresholds): number {
  let penalty = 0;
  for (const name of Object.keys(HEALTH_SCORE_WEIGHTS) as (keyof typeof HEALTH_SCORE_WEIGHTS)[]) {
    const value = signals[name];
    if (value === undefined) continue;
    const limit = thresholds.unhealthy[name].enter;
    penalty += HEALTH_SCORE_WEIGHTS[name] * Math.min(1, limit > 0 ? value / limit : 1);
  }
  return Math.max(0, Math.min(1, Math.round((1 - penalty) * 1000) / 1000));
}
