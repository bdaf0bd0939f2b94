import type { PatternScope } from '@warden/contracts';
import type { CorrelatedFailureSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence, sortedUnique } from '../model/failure-evidence';
import type { FleetMembership } from '../model/fleet-membership';
import { groupBy } from '../model/group-by';
import type { PatternCandidate } from '../model/pattern-candidate';
import { binomialConfidence } from '../model/surprise-confidence';
import { failedAgents, type FailedAgent } from './failed-agents';
import type { RuleContext } from './rule-context';

/**
 * A zone's share of failed agents must be this many times the rest of the fleet's before k failures
 * in it count as correlated: a fleet-wide spike spread evenly over zones is a spike, not a zone problem.
 */
const MIN_CONCENTRATION = 2;

/**
 * Failures that share a zone or a host within a window — one pattern per zone or host naming every
 * affected agent, never one per agent:
 * - zone outage: at least x of a zone failed;
 * - host partition: at least `hostFraction` of a host went silent while the rest of its zone is fine;
 * - resource exhaustion: at least `hostExhaustedAgents` agents of a host convicted of running out of
 *   resources (exhaustion, leak) and of nothing else — the host is overcommitted, not its agents broken;
 * - correlated failure: a host that failed otherwise, or k agents of a zone that no host pattern explains.
 * Dependency failures and protocol violations are not counted (see LOCATION_BLIND_FAILURE_TYPES).
 * A zone outage absorbs the host patterns inside it. Fractions are only judged for a zone or host the
 * registry knows, so an empty registry (a replica just started) cannot turn two failures into an outage.
 * Confidence is how unlikely that many failures
 * would be if agents failed independently at the baseline rate.
 */
export class CorrelatedFailureRule {
  constructor(private readonly settings: CorrelatedFailureSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const from = context.now - this.settings.windowMs;
    const failed = failedAgents(context.window.failuresSince(from), context.window.healthSince(from));
    const candidates: PatternCandidate[] = [];
    for (const [zone, zoneAgents] of groupBy(failed.values(), (agent) => agent.zone)) {
      const outside = { failed: failed.size - zoneAgents.length, agents: context.membership.size() };
      candidates.push(...this.detectInZone(zone, zoneAgents, outside, context.membership));
    }
    return candidates;
  }

  private detectInZone(
    zone: string,
    failed: FailedAgent[],
    outside: { failed: number; agents: number },
    membership: FleetMembership,
  ): PatternCandidate[] {
    const { zoneOutageFraction, minAgentsForFraction, minAgents } = this.settings;
    const zoneSize = scopeSize(
      failed,
      membership.zoneSize(zone),
      (member) => member.zone === zone,
      membership,
    );
    if (
      membership.zoneSize(zone) > 0 &&
      failed.length >= minAgentsForFraction &&
      failed.length / zoneSize >= zoneOutageFraction
    ) {
      return [this.candidate('zone-outage', { kind: 'zone', id: zone }, failed, zoneSize, 'replace')];
    }
    const hostCandidates: PatternCandidate[] = [];
    for (const [hostId, hostAgents] of groupBy(failed, (agent) => agent.hostId)) {
      const candidate = this.detectOnHost(zone, hostId, hostAgents, failed.length, membership);
      if (candidate) hostCandidates.push(candidate);
    }
    const named = new Set(hostCandidates.flatMap((candidate) => candidate.affectedAgentIds));
    const unexplained = failed.filter((agent) => !named.has(agent.agentId));
    const outsideFraction = outside.failed / Math.max(1, outside.agents - membership.zoneSize(zone));
    const concentrated = unexplained.length / zoneSize >= MIN_CONCENTRATION * outsideFraction;
    if (unexplained.length < minAgents || !concentrated) return hostCandidates;
    return [
      ...hostCandidates,
      this.candidate('correlated-failure', { kind: 'zone', id: zone }, unexplained, zoneSize, 'drain'),
    ];
  }

  private detectOnHost(
    zone: string,
    hostId: string,
    failed: FailedAgent[],
    failedInZone: number,
    membership: FleetMembership,
  ): PatternCandidate | undefined {
    const { hostFraction, minAgentsForFraction, minAgents, zoneHealthyMaxFraction, hostExhaustedAgents } =
      this.settings;
    const hostSize = scopeSize(
      failed,
      membership.hostSize(hostId),
      (member) => member.hostId === hostId,
      membership,
    );
    const scope: PatternScope = { kind: 'host', id: hostId };
    const wholeHost =
      membership.hostSize(hostId) > 0 &&
      failed.length >= minAgentsForFraction &&
      failed.length / hostSize >= hostFraction;
    if (wholeHost && failed.every((agent) => agent.silent)) {
      const restOfZone = membership.zoneSizeOutside(zone, hostId);
      const failedElsewhere = failedInZone - failed.length;
      if (restOfZone > 0 && failedElsewhere / restOfZone <= zoneHealthyMaxFraction)
        return this.candidate('host-partition', scope, failed, hostSize, 'replace');
    }
    if (failed.length >= hostExhaustedAgents && failed.every((agent) => agent.exhausted))
      return this.candidate('resource-exhaustion', scope, failed, hostSize, 'drain');
    if (wholeHost || failed.length >= minAgents)
      return this.candidate('correlated-failure', scope, failed, hostSize, 'drain');
    return undefined;
  }

  private candidate(
    type: 'zone-outage' | 'host-partition' | 'resource-exhaustion' | 'correlated-failure',
    scope: PatternScope,
    failed: FailedAgent[],
    population: number,
    recommendedAction: 'replace' | 'drain',
  ): PatternCandidate {
    const failures = failed.flatMap((agent) => agent.failures).sort((a, b) => a.at - b.at);
    const fraction = Math.min(1, failed.length / population);
    const where = `${scope.kind} ${scope.id}`;
    const summary =
      type === 'zone-outage'
        ? `zone outage: ${failed.length} of ${population} agents of ${where} failed within ${seconds(this.settings.windowMs)}`
        : type === 'host-partition'
          ? `host partition: ${failed.length} of ${population} agents of ${where} went silent while the rest of its zone is fine`
          : type === 'resource-exhaustion'
            ? `resource exhaustion: ${failed.length} of ${population} agents of ${where} ran out of CPU, memory or queue within ${seconds(this.settings.windowMs)}`
            : `correlated failure: ${failed.length} agents of ${where} failed within ${seconds(this.settings.windowMs)}`;
    return {
      type,
      scope,
      severity: type === 'host-partition' || type === 'resource-exhaustion' ? 'high' : 'critical',
      affectedAgentIds: sortedUnique(failed.map((agent) => agent.agentId)),
      confidence: roundConfidence(
        binomialConfidence(failed.length, population, this.settings.agentFailureProbability),
      ),
      evidence: failureEvidence(failures, this.settings.windowMs, {
        zones: sortedUnique(failed.map((agent) => agent.zone)),
        hostIds: sortedUnique(failed.map((agent) => agent.hostId)),
        affectedFraction: roundConfidence(fraction),
        scopeAgentCount: population,
      }),
      recommendedAction,
      summary,
      lastEvidenceAt: Math.max(newestAt(failures), ...failed.map((agent) => agent.lastAt)),
      firstFailureId: failures[0]?.failureId,
    };
  }
}

/**
 * The scope's size by the registry, plus failed agents the registry does not place there (not yet
 * written, or just moved), so a fraction never exceeds one and an unknown scope is judged by its failures.
 */
function scopeSize(
  failed: readonly FailedAgent[],
  known: number,
  belongs: (member: { zone: string; hostId: string }) => boolean,
  membership: FleetMembership,
): number {
  const unplaced = failed.filter((agent) => {
    const member = membership.get(agent.agentId);
    return !member || member.state === 'stopped' || !belongs(member);
  }).length;
  return known + unplaced;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
