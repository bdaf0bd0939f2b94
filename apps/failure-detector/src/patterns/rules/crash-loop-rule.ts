import type { CrashLoopSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence } from '../model/failure-evidence';
import { groupBy } from '../model/group-by';
import type { FailureObservation } from '../model/observations';
import type { PatternCandidate } from '../model/pattern-candidate';
import { poissonConfidence } from '../model/surprise-confidence';
import type { RuleContext } from './rule-context';

/**
 * An agent that fails again soon after each restart: within the window, `restarts` distinct
 * incarnations each failed within `maxUptimeMs` of when the detector first saw them (a new incarnation
 * in a health change, or first in the failure itself — then its uptime was never observed and counts
 * as short). Restarting it again will not help, so the recommendation is to replace it.
 */
export class CrashLoopRule {
  constructor(private readonly settings: CrashLoopSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const { windowMs } = this.settings;
    const failures = context.window.failuresSince(context.now - windowMs);
    const candidates: PatternCandidate[] = [];
    for (const [agentId, agentFailures] of groupBy(failures, (failure) => failure.agentId)) {
      const quick = this.quickFailures(agentFailures, context);
      if (quick.length < this.settings.restarts) continue;
      const latest = agentFailures[agentFailures.length - 1];
      candidates.push({
        type: 'crash-loop',
        scope: { kind: 'agent', id: agentId },
        severity: 'high',
        affectedAgentIds: [agentId],
        confidence: roundConfidence(poissonConfidence(quick.length, this.settings.expectedPerWindow)),
        evidence: failureEvidence(agentFailures, windowMs, {
          restartCount: quick.length,
          expectedCount: this.settings.expectedPerWindow,
        }),
        recommendedAction: 'replace',
        summary: `crash loop: agent ${agentId} on ${latest.hostId} failed ${quick.length} times within ${Math.round(this.settings.maxUptimeMs / 1000)} s of a restart in ${windowMs / 1000} s`,
        lastEvidenceAt: newestAt(agentFailures),
        firstFailureId: agentFailures[0].failureId,
      });
    }
    return candidates;
  }

  /** The first failure of each incarnation that came soon after the incarnation started. */
  private quickFailures(failures: readonly FailureObservation[], context: RuleContext): FailureObservation[] {
    const firstPerIncarnation = new Map<number, FailureObservation>();
    for (const failure of failures)
      if (!firstPerIncarnation.has(failure.incarnation))
        firstPerIncarnation.set(failure.incarnation, failure);
    return [...firstPerIncarnation.values()].filter((failure) => {
      const started = context.incarnations.firstSeenAt(failure.agentId, failure.incarnation) ?? failure.at;
      return failure.at - started <= this.settings.maxUptimeMs;
    });
  }
}
