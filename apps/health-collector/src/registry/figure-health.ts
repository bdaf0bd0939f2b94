import type { HealthThresholds, SignalThresholds } from './health-thresholds';
import type { LoadSignals } from './load-signals';

/** The verdict an agent's own figures give, before silence and lifecycle are taken into account. */
export type FigureHealth = 'healthy' | 'degraded' | 'unhealthy';

const RANK: Record<FigureHealth, number> = { healthy: 0, degraded: 1, unhealthy: 2 };

export interface FigureHealthState {
  health: FigureHealth;
  /** Consecutive beats that would allow a better verdict; recovery needs `recoveryBeats` of them. */
  goodBeats: number;
  reasons: string[];
}

export const INITIAL_FIGURE_HEALTH: FigureHealthState = { health: 'healthy', goodBeats: 0, reasons: [] };

/** Signals at or over the given level's enter (or exit) value, as readable reasons. */
function signalsOver(signals: LoadSignals, levels: SignalThresholds, edge: 'enter' | 'exit'): string[] {
  const reasons: string[] = [];
  for (const name of Object.keys(levels) as (keyof SignalThresholds)[]) {
    const value = signals[name];
    const limit = levels[name][edge];
    if (value !== undefined && value >= limit) reasons.push(`${name} ${round(value)} ≥ ${limit}`);
  }
  return reasons;
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}

/**
 * One step of the figure-health state machine with hysteresis (see HealthThresholds): worse verdicts
 * are taken at once, better ones only after `recoveryBeats` consecutive beats below the exit levels.
 */
export function nextFigureHealth(
  previous: FigureHealthState,
  signals: LoadSignals,
  thresholds: HealthThresholds,
): FigureHealthState {
  const unhealthyNow = signalsOver(signals, thresholds.unhealthy, 'enter');
  const degradedNow = signalsOver(signals, thresholds.degraded, 'enter');
  const entered: FigureHealth = unhealthyNow.length
    ? 'unhealthy'
    : degradedNow.length
      ? 'degraded'
      : 'healthy';
  if (RANK[entered] > RANK[previous.health]) {
    return { health: entered, goodBeats: 0, reasons: entered === 'unhealthy' ? unhealthyNow : degradedNow };
  }
  if (previous.health === 'healthy') return INITIAL_FIGURE_HEALTH;

  const levels = previous.health === 'unhealthy' ? thresholds.unhealthy : thresholds.degraded;
  const stillHolding = signalsOver(signals, levels, 'exit');
  if (stillHolding.length) return { health: previous.health, goodBeats: 0, reasons: stillHolding };

  const goodBeats = previous.goodBeats + 1;
  if (goodBeats < thresholds.recoveryBeats) return { ...previous, goodBeats };
  if (previous.health === 'unhealthy') {
    const degradedStill = signalsOver(signals, thresholds.degraded, 'exit');
    if (degradedStill.length) return { health: 'degraded', goodBeats: 0, reasons: degradedStill };
  }
  return INITIAL_FIGURE_HEALTH;
}
