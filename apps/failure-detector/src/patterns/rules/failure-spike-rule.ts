import type { FailureSpikeSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence, sortedUnique } from '../model/failure-evidence';
import type { PatternCandidate } from '../model/pattern-candidate';
import { poissonConfidence } from '../model/surprise-confidence';
import type { RuleContext } from './rule-context';

/**
 * More than `threshold` failures across the fleet in the window, and improbably many for this fleet:
 * the confidence is how unlikely the count is under the fleet's own recent rate (a Poisson baseline
 * averaged over completed windows), so a fleet that always fails a little does not spike on its usual
 * noise. Failures a zone or host pattern already names are left out.
 */
export class FailureSpikeRule {
  constructor(private readonly settings: FailureSpikeSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const { windowMs, threshold, minExpectedPerWindow, minConfidence } = this.settings;
    const failures = context.window
      .failuresSince(context.now - windowMs)
      .filter((failure) => !context.explained.has(failure.agentId));
    if (failures.length <= threshold) return [];
    const expected = context.failureRates.expectedPerWindow(context.now, minExpectedPerWindow);
    const confidence = poissonConfidence(failures.length, expected);
    if (confidence < minConfidence) return [];
    const agents = sortedUnique(failures.map((failure) => failure.agentId));
    return [
      {
        type: 'failure-spike',
        scope: { kind: 'fleet', id: 'fleet' },
        severity: 'high',
        affectedAgentIds: agents,
        confidence: roundConfidence(confidence),
        evidence: failureEvidence(failures, windowMs, { expectedCount: roundConfidence(expected) }),
        recommendedAction: 'restart',
        summary: `failure spike: ${failures.length} failures of ${agents.length} agents within ${windowMs / 1000} s, ${expected.toFixed(1)} expected`,
        lastEvidenceAt: newestAt(failures),
        firstFailureId: failures[0].failureId,
      },
    ];
  }
}
