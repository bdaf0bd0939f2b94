import type { PatternEvidence, PatternScope, PatternType, RecoveryAction, Severity } from '@warden/contracts';

/**
 * What a rule finds in one evaluation: a pattern before it has an identity. The incident tracker
 * folds successive candidates of the same incident (same family and scope) into one pattern.
 */
export interface PatternCandidate {
  type: PatternType;
  scope: PatternScope;
  severity: Severity;
  /** Sorted, without duplicates. */
  affectedAgentIds: string[];
  confidence: number;
  evidence: PatternEvidence;
  recommendedAction?: RecoveryAction;
  summary: string;
  /** The receive time of the newest observation behind the candidate. */
  lastEvidenceAt: number;
  /** The oldest failure behind the candidate, which names the incident (undefined when none). */
  firstFailureId?: string;
}

/**
 * Types that one incident can move between as it grows — a host's correlated failure becomes a zone
 * outage — so they share an incident and a patternId. Every other type is its own family.
 */
export function familyOf(type: PatternType): string {
  return type === 'zone-outage' || type === 'host-partition' || type === 'correlated-failure'
    ? 'correlated'
    : type;
}

export function incidentKeyOf(type: PatternType, scope: PatternScope): string {
  return `${familyOf(type)}:${scope.kind}:${scope.id}`;
}
