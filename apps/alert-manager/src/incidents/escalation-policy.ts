/** One level of an escalation policy: who is notified, and how long they have before the next level. */
export interface EscalationLevel {
  receivers: readonly string[];
  /** Time an unacknowledged incident waits at this level before the next one is notified. */
  escalateAfterMs: number;
}

/**
 * PagerDuty's escalation policy: levels in order, the whole list repeated `loops` more times while
 * nobody acknowledges; an acknowledgement that is not followed by a resolution within
 * `ackTimeoutMs` re-triggers the incident at the first level.
 */
export interface EscalationPolicy {
  name: string;
  levels: readonly EscalationLevel[];
  loops: number;
  ackTimeoutMs: number;
}

/** Steps a policy can take before it has nobody left to notify: every level, once per loop. */
export function totalSteps(policy: EscalationPolicy): number {
  return policy.levels.length * (policy.loops + 1);
}

export function levelOfStep(policy: EscalationPolicy, step: number): EscalationLevel {
  return policy.levels[step % policy.levels.length];
}
