import type { PatternEvidence, PatternScope, PatternType, RecoveryAction, Severity } from '@warden/contracts';

/** One publication of a pattern: what the engine turns into a PatternDetected. */
export interface PatternRevision {
  patternId: string;
  revision: number;
  type: PatternType;
  scope: PatternScope;
  severity: Severity;
  /** Sorted; every agent the incident has named so far. */
  affectedAgentIds: string[];
  confidence: number;
  evidence: PatternEvidence;
  recommendedAction?: RecoveryAction;
  summary: string;
  activeUntil: number;
}

/** The CloudEvents id of a revision: a replica taking over republishing it is a JetStream duplicate. */
export function eventIdOf(patternId: string, revision: number): string {
  return `${patternId}-r${revision}`;
}
