import type { HealthState } from '@warden/contracts';
import type { FlappingSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence } from '../model/failure-evidence';
import { groupBy } from '../model/group-by';
import { BAD_HEALTH_STATES, type HealthObservation } from '../model/observations';
import type { PatternCandidate } from '../model/pattern-candidate';
import { poissonConfidence } from '../model/surprise-confidence';
import type { RuleContext } from './rule-context';

type Side = 'good' | 'bad';

function sideOf(state: HealthState | undefined): Side | undefined {
  if (state === 'healthy') return 'good';
  return state && BAD_HEALTH_STATES.has(state) ? 'bad' : undefined;
}

/**
 * An agent whose health alternates between healthy and unhealthy/unresponsive more than `transitions`
 * times in the window. `degraded`, `draining` and `stopped` are on neither side, so healthy → degraded
 * → healthy is not a flap and a graceful stop ends the count without adding to it.
 */
export class FlappingRule {
  constructor(private readonly settings: FlappingSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const { windowMs, transitions, expectedPerWindow } = this.settings;
    const from = context.now - windowMs;
    const candidates: PatternCandidate[] = [];
    for (const [agentId, changes] of groupBy(context.window.healthSince(from), (change) => change.agentId)) {
      const flips = countFlips(changes);
      if (flips <= transitions) continue;
      const failures = context.window.failuresSince(from).filter((failure) => failure.agentId === agentId);
      const latest = changes[changes.length - 1];
      candidates.push({
        type: 'flapping',
        scope: { kind: 'agent', id: agentId },
        severity: 'medium',
        affectedAgentIds: [agentId],
        confidence: roundConfidence(poissonConfidence(flips, expectedPerWindow)),
        evidence: failureEvidence(failures, windowMs, {
          zones: [latest.zone],
          hostIds: [latest.hostId],
          transitionCount: flips,
          expectedCount: expectedPerWindow,
        }),
        recommendedAction: 'drain',
        summary: `flapping: agent ${agentId} changed between healthy and unhealthy/unresponsive ${flips} times within ${windowMs / 1000} s`,
        lastEvidenceAt: newestAt(changes),
        firstFailureId: failures[0]?.failureId,
      });
    }
    return candidates;
  }
}

function countFlips(changes: readonly HealthObservation[]): number {
  let side = sideOf(changes[0]?.previousState);
  let flips = 0;
  for (const change of changes) {
    const next = sideOf(change.state);
    if (!next) continue;
    if (side && next !== side) flips++;
    side = next;
  }
  return flips;
}
