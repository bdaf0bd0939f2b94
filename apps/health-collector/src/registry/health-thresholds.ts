/**
 * When an agent's own figures make it degraded or unhealthy. Each signal has an `enter` level and a
 * lower `exit` level (hysteresis): an agent hovering around one number does not flap between states.
 * A worse state is entered on the first beat that crosses it; a better state needs
 * `recoveryBeats` consecutive beats below every exit level, so one good beat after a bad spell is
 * not taken as recovery.
 */
export interface SignalThreshold {
  enter: number;
  exit: number;
}

export interface HealthThresholds {
  degraded: SignalThresholds;
  unhealthy: SignalThresholds;
  recoveryBeats: number;
  /** Silent for this many heartbeat intervals (plus `silenceGraceMs`) → unresponsive. */
  missedBeatsForUnresponsive: number;
  silenceGraceMs: number;
}

export interface SignalThresholds {
  errorRatio: SignalThreshold;
  latencyEwmaMs: SignalThreshold;
  cpuRatio: SignalThreshold;
  /** memoryBytes / memoryLimitBytes; ignored when the agent reports no limit. */
  memoryRatio: SignalThreshold;
  /** (inFlightTasks + queueDepth) / capacity. */
  saturation: SignalThreshold;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  degraded: {
    errorRatio: { enter: 0.05, exit: 0.03 },
    latencyEwmaMs: { enter: 2_000, exit: 1_500 },
    cpuRatio: { enter: 0.9, exit: 0.8 },
    memoryRatio: { enter: 0.85, exit: 0.8 },
    saturation: { enter: 2, exit: 1.5 },
  },
  unhealthy: {
    errorRatio: { enter: 0.25, exit: 0.2 },
    latencyEwmaMs: { enter: 10_000, exit: 8_000 },
    cpuRatio: { enter: 0.99, exit: 0.95 },
    memoryRatio: { enter: 0.95, exit: 0.9 },
    saturation: { enter: 5, exit: 4 },
  },
  recoveryBeats: 3,
  missedBeatsForUnresponsive: 3,
  silenceGraceMs: 1_000,
};

export class InvalidThresholdsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid health thresholds: ${problems.join('; ')}`);
    this.name = 'InvalidThresholdsError';
  }
}

/** Every exit below its enter, and every unhealthy level above the degraded one. */
export function validateThresholds(thresholds: HealthThresholds): HealthThresholds {
  const problems: string[] = [];
  for (const level of ['degraded', 'unhealthy'] as const) {
    for (const [signal, { enter, exit }] of Object.entries(thresholds[level])) {
      if (!(exit <= enter)) problems.push(`${level}.${signal}: exit ${exit} must not exceed enter ${enter}`);
      if (!(enter >= 0)) problems.push(`${level}.${signal}: enter must be ≥ 0`);
    }
  }
  for (const signal of Object.keys(thresholds.degraded) as (keyof SignalThresholds)[]) {
    if (thresholds.unhealthy[signal].enter < thresholds.degraded[signal].enter) {
      problems.push(`unhealthy.${signal}.enter must be ≥ degraded.${signal}.enter`);
    }
  }
  if (!(thresholds.recoveryBeats >= 1)) problems.push('recoveryBeats must be ≥ 1');
  if (!(thresholds.missedBeatsForUnresponsive >= 1)) problems.push('missedBeatsForUnresponsive must be ≥ 1');
  if (problems.length) throw new InvalidThresholdsError(problems);
  return thresholds;
}
