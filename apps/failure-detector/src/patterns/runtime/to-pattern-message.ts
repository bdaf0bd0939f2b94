import { MessageLimits, PatternDetected, createMessage } from '@warden/contracts';
import type { PatternRevision } from '../detection/pattern-revision';

/**
 * The PatternDetected of a revision. An incident naming more agents than a message may list keeps the
 * full count in the evidence and says in the note that the list is truncated.
 */
export function toPatternMessage(
  revision: PatternRevision,
  detectedBy: string,
  now: number,
): PatternDetected {
  const limit = MessageLimits.agentsPerEvent;
  const truncated = revision.affectedAgentIds.length > limit;
  return createMessage(PatternDetected, {
    patternId: revision.patternId,
    revision: revision.revision,
    patternType: revision.type,
    scope: revision.scope,
    severity: revision.severity,
    affectedAgentIds: revision.affectedAgentIds.slice(0, limit),
    confidence: revision.confidence,
    evidence: truncated
      ? {
          ...revision.evidence,
          note: `${revision.affectedAgentIds.length} agents affected; the first ${limit} are listed`,
        }
      : revision.evidence,
    ...(revision.recommendedAction && { recommendedAction: revision.recommendedAction }),
    detectedBy,
    detectedAt: new Date(now).toISOString(),
    activeUntil: new Date(revision.activeUntil).toISOString(),
    summary: revision.summary,
  });
}
