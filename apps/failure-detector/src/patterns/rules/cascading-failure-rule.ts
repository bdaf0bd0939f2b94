import type { CascadingFailureSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence, sortedUnique } from '../model/failure-evidence';
import type { FailureObservation } from '../model/observations';
import type { PatternCandidate } from '../model/pattern-candidate';
import { poissonConfidence } from '../model/surprise-confidence';
import type { RuleContext } from './rule-context';

/** A step with no failures before it still leaves room for chance: the baseline is never below this. */
const MIN_EXPECTED_PER_STEP = 1;

/**
 * Failures spreading through a capability: over `steps` successive sub-windows the capability's failure
 * count rises in every step, the last step has at least `minFailuresInLastStep`, at least `minAgents`
 * distinct agents failed, and the last step is improbable under both the earlier steps' mean and the
 * capability's normal rate (its own history), so chance in a large capability is not a cascade. A burst
 * that arrives all at once (an outage) is not a cascade; one that grows step after step is.
 */
export class CascadingFailureRule {
  constructor(private readonly settings: CascadingFailureSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const { stepMs, steps } = this.settings;
    const from = context.now - stepMs * steps;
    const byCapability = new Map<string, FailureObservation[]>();
    for (const failure of context.window.failuresSince(from)) {
      if (context.explained.has(failure.agentId)) continue;
      for (const capability of context.membership.capabilitiesOf(failure.agentId)) {
        const list = byCapability.get(capability);
        if (list) list.push(failure);
        else byCapability.set(capability, [failure]);
      }
    }
    const candidates: PatternCandidate[] = [];
    for (const [capability, failures] of byCapability) {
      const candidate = this.judge(capability, failures, from, context);
      if (candidate) candidates.push(candidate);
    }
    return candidates;
  }

  private judge(
    capability: string,
    failures: FailureObservation[],
    from: number,
    context: RuleContext,
  ): PatternCandidate | undefined {
    const { stepMs, steps, minFailuresInLastStep, minAgents, minConfidence } = this.settings;
    const trend = new Array<number>(steps).fill(0);
    for (const failure of failures) trend[Math.min(steps - 1, Math.floor((failure.at - from) / stepMs))]++;
    const rising = trend.every((count, step) => step === 0 || count > trend[step - 1]);
    const last = trend[steps - 1];
    const agents = sortedUnique(failures.map((failure) => failure.agentId));
    if (!rising || last < minFailuresInLastStep || agents.length < minAgents) return undefined;
    const earlier = trend.slice(0, -1);
    const expected = Math.max(
      context.capabilityRates.expectedPerStep(capability, context.now, MIN_EXPECTED_PER_STEP),
      earlier.reduce((sum, count) => sum + count, 0) / earlier.length,
    );
    const confidence = poissonConfidence(last, expected);
    if (confidence < minConfidence) return undefined;
    const population = context.membership.capabilitySize(capability);
    return {
      type: 'cascading-failure',
      scope: { kind: 'capability', id: capability },
      severity: 'high',
      affectedAgentIds: agents,
      confidence: roundConfidence(confidence),
      evidence: failureEvidence(failures, stepMs * steps, {
        capabilities: [capability],
        rateTrend: trend,
        expectedCount: roundConfidence(expected),
        ...(population > 0 && {
          scopeAgentCount: population,
          affectedFraction: roundConfidence(Math.min(1, agents.length / population)),
        }),
      }),
      recommendedAction: 'drain',
      summary: `cascading failure: failures of capability ${capability} rose ${trend.join(' → ')} over ${steps} steps of ${stepMs / 1000} s (${agents.length} agents)`,
      lastEvidenceAt: newestAt(failures),
      firstFailureId: failures[0].failureId,
    };
  }
}
