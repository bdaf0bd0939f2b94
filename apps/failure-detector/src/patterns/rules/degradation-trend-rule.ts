import type { PatternScope } from '@warden/contracts';
import type { DegradationTrendSettings } from '../settings/pattern-settings';
import { failureEvidence, newestAt, roundConfidence, sortedUnique } from '../model/failure-evidence';
import { DEGRADATION_FAILURE_TYPES, type FailureObservation } from '../model/observations';
import type { PatternCandidate } from '../model/pattern-candidate';
import { binomialConfidence } from '../model/surprise-confidence';
import type { RuleContext } from './rule-context';

interface DegradedAgent {
  agentId: string;
  zone: string;
  hostId: string;
  failures: FailureObservation[];
  lastAt: number;
}

/**
 * Latency or error figures going bad across many agents of one capability (or, for agents no
 * capability pattern names, one zone): agents the collector marked `degraded`, or convicted of high
 * latency or a high error rate, within the window — at least `minAgents` and `minFraction` of the
 * scope. The trend reports how many agents turned bad in each half of the window.
 */
export class DegradationTrendRule {
  constructor(private readonly settings: DegradationTrendSettings) {}

  detect(context: RuleContext): PatternCandidate[] {
    const degraded = this.degradedAgents(context);
    const candidates: PatternCandidate[] = [];
    const named = new Set<string>();
    const byCapability = new Map<string, DegradedAgent[]>();
    for (const agent of degraded.values())
      for (const capability of context.membership.capabilitiesOf(agent.agentId))
        byCapability.set(capability, [...(byCapability.get(capability) ?? []), agent]);
    for (const [capability, agents] of byCapability) {
      const scope: PatternScope = { kind: 'capability', id: capability };
      const candidate = this.judge(scope, agents, context.membership.capabilitySize(capability), context.now);
      if (!candidate) continue;
      candidates.push(candidate);
      for (const agentId of candidate.affectedAgentIds) named.add(agentId);
    }
    const byZone = new Map<string, DegradedAgent[]>();
    for (const agent of degraded.values())
      if (!named.has(agent.agentId)) byZone.set(agent.zone, [...(byZone.get(agent.zone) ?? []), agent]);
    for (const [zone, agents] of byZone) {
      const population = Math.max(context.membership.zoneSize(zone), agents.length);
      const candidate = this.judge({ kind: 'zone', id: zone }, agents, population, context.now);
      if (candidate) candidates.push(candidate);
    }
    return candidates;
  }

  private degradedAgents(context: RuleContext): Map<string, DegradedAgent> {
    const from = context.now - this.settings.windowMs;
    const agents = new Map<string, DegradedAgent>();
    const entry = (agentId: string, zone: string, hostId: string): DegradedAgent => {
      let agent = agents.get(agentId);
      if (!agent) agents.set(agentId, (agent = { agentId, zone, hostId, failures: [], lastAt: 0 }));
      return agent;
    };
    for (const change of context.window.healthSince(from)) {
      if (change.state !== 'degraded' || context.explained.has(change.agentId)) continue;
      const agent = entry(change.agentId, change.zone, change.hostId);
      agent.lastAt = Math.max(agent.lastAt, change.at);
    }
    for (const failure of context.window.failuresSince(from)) {
      if (!DEGRADATION_FAILURE_TYPES.has(failure.failureType) || context.explained.has(failure.agentId))
        continue;
      const agent = entry(failure.agentId, failure.zone, failure.hostId);
      agent.failures.push(failure);
      agent.lastAt = Math.max(agent.lastAt, failure.at);
    }
    return agents;
  }

  private judge(
    scope: PatternScope,
    agents: DegradedAgent[],
    population: number,
    now: number,
  ): PatternCandidate | undefined {
    const { windowMs, minAgents, minFraction, agentDegradeProbability } = this.settings;
    const size = Math.max(population, agents.length);
    if (agents.length < minAgents || agents.length / size < minFraction) return undefined;
    const half = now - windowMs / 2;
    const trend = [
      agents.filter((agent) => agent.lastAt < half).length,
      agents.filter((agent) => agent.lastAt >= half).length,
    ];
    const failures = agents.flatMap((agent) => agent.failures).sort((a, b) => a.at - b.at);
    return {
      type: 'performance-degradation',
      scope,
      severity: 'medium',
      affectedAgentIds: sortedUnique(agents.map((agent) => agent.agentId)),
      confidence: roundConfidence(binomialConfidence(agents.length, size, agentDegradeProbability)),
      evidence: failureEvidence(failures, windowMs, {
        zones: sortedUnique(agents.map((agent) => agent.zone)),
        hostIds: sortedUnique(agents.map((agent) => agent.hostId)),
        ...(scope.kind === 'capability' && { capabilities: [scope.id] }),
        affectedFraction: roundConfidence(agents.length / size),
        scopeAgentCount: size,
        rateTrend: trend,
      }),
      recommendedAction: 'drain',
      summary: `performance degradation: ${agents.length} of ${size} agents of ${scope.kind} ${scope.id} became slow or error-prone within ${windowMs / 1000} s`,
      lastEvidenceAt: newestAt(agents.map((agent) => ({ at: agent.lastAt }))),
      firstFailureId: failures[0]?.failureId,
    };
  }
}
