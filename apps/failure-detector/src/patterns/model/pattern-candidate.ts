import type { PatternEvidence, PatternScope, PatternType, RecoveryAction, Severity } from '@warden/contracts';

/**
 * What a rule finds in one evaluation: a pattern before it has an identity. The incident tracker
 * folds successive candidates of the same incident into one pattern.
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

const CORRELATED_TYPES: ReadonlySet<PatternType> = new Set([
  'zone-outage',
  'host-partition',
  'correlated-failure',
]);

/**
 * Which incident a pattern belongs to. Failures correlated within a zone are one incident per zone,
 * whatever they look like at first: an outage that starts as one silent host and spreads to the whole
 * zone stays one pattern whose type and scope grow (host partition of a host → zone outage of the
 * zone) instead of one pattern per host. Every other type is one incident per type and scope.
 */
export function incidentKeyOf(pattern: Pick<PatternCandidate, 'type' | 'scope' | 'evidence'>): string {
  if (!CORRELATED_TYPES.has(pattern.type)) return `${pattern.type}:${pattern.scope.kind}:${pattern.scope.id}`;
  const zone =
    pattern.scope.kind === 'zone' ? pattern.scope.id : (pattern.evidence.zones[0] ?? pattern.scope.id);
  return `correlated:zone:${zone}`;
}

/** The readable prefix of a patternId: the type, or `correlated` for the zone/host family. */
export function familyOf(type: PatternType): string {
  return CORRELATED_TYPES.has(type) ? 'correlated' : type;
}
