import { MessageLimits, severityRank, type PatternType } from '@warden/contracts';
import { sortedUnique } from '../model/failure-evidence';
import type { PatternCandidate } from '../model/pattern-candidate';

/** Within the correlated family, the graver reading of the same incident wins and never turns back. */
const TYPE_GRAVITY: Partial<Record<PatternType, number>> = {
  'correlated-failure': 1,
  'host-partition': 2,
  'zone-outage': 3,
};

function gravityOf(type: PatternType): number {
  return TYPE_GRAVITY[type] ?? 0;
}

/**
 * Several readings of one incident (two hosts of a zone, or what an incident was and what it is now)
 * as one candidate: the gravest type and severity, the union of agents and evidence. When the readings
 * have different scopes the result is about the whole zone, and the per-scope fraction is dropped
 * because no single scope size applies to the union.
 */
export function mergeCandidates(readings: readonly PatternCandidate[]): PatternCandidate {
  const [first, ...rest] = readings;
  if (rest.length === 0) return first;
  // Of equally grave readings the latest (last) wins: it carries the current fraction and summary.
  const gravest = readings.reduce((best, reading) =>
    gravityOf(reading.type) >= gravityOf(best.type) ? reading : best,
  );
  const sameScope = readings.every(
    (reading) => reading.scope.kind === first.scope.kind && reading.scope.id === first.scope.id,
  );
  const zones = sortedUnique(readings.flatMap((reading) => reading.evidence.zones));
  const failureIds = [...new Set(readings.flatMap((reading) => reading.evidence.failureIds))];
  const { affectedFraction, scopeAgentCount, ...evidence } = gravest.evidence;
  return {
    ...gravest,
    scope: sameScope ? gravest.scope : { kind: 'zone', id: zones[0] ?? gravest.scope.id },
    severity: readings.reduce(
      (worst, reading) => (severityRank(reading.severity) > severityRank(worst) ? reading.severity : worst),
      gravest.severity,
    ),
    affectedAgentIds: sortedUnique(readings.flatMap((reading) => reading.affectedAgentIds)),
    confidence: Math.max(...readings.map((reading) => reading.confidence)),
    evidence: {
      ...evidence,
      ...(sameScope && { affectedFraction, scopeAgentCount }),
      failureIds: failureIds.slice(-MessageLimits.idsPerEvidence),
      failureCount: Math.max(failureIds.length, ...readings.map((reading) => reading.evidence.failureCount)),
      zones,
      hostIds: sortedUnique(readings.flatMap((reading) => reading.evidence.hostIds)),
    },
    lastEvidenceAt: Math.max(...readings.map((reading) => reading.lastEvidenceAt)),
    firstFailureId: readings.map((reading) => reading.firstFailureId).find((id) => id !== undefined),
  };
}
