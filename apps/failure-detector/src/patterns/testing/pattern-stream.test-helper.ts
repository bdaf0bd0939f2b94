import type { FailureType, HealthState } from '@warden/contracts';
import { FleetMembership } from '../model/fleet-membership';
import type { FailureObservation, HealthObservation } from '../model/observations';
import { PatternDetector } from '../detection/pattern-detector';
import type { PatternRevision } from '../detection/pattern-revision';
import { DEFAULT_PATTERN_SETTINGS, type PatternSettings } from '../settings/pattern-settings';

export interface AgentSpec {
  agentId: string;
  zone: string;
  hostId: string;
  capabilities?: string[];
}

/** `hosts` hosts of `agentsPerHost` agents in `zone`, named `<zone>-h<i>-a<j>`. */
export function zoneOf(
  zone: string,
  hosts: number,
  agentsPerHost: number,
  capabilities: string[] = [],
): AgentSpec[] {
  const agents: AgentSpec[] = [];
  for (let host = 0; host < hosts; host++)
    for (let agent = 0; agent < agentsPerHost; agent++)
      agents.push({ agentId: `${zone}-h${host}-a${agent}`, zone, hostId: `${zone}-h${host}`, capabilities });
  return agents;
}

/**
 * A detector on a fake clock over a registry holding `agents`; every published revision is confirmed,
 * as the engine does once JetStream stored it, and kept in `published`.
 */
export class PatternScenario {
  readonly membership = new FleetMembership();
  readonly detector: PatternDetector;
  readonly published: PatternRevision[] = [];
  now = 1_700_000_000_000;
  private failureSequence = 0;

  constructor(agents: readonly AgentSpec[], settings: PatternSettings = DEFAULT_PATTERN_SETTINGS) {
    for (const agent of agents)
      this.membership.put({ ...agent, capabilities: agent.capabilities ?? [], state: 'healthy' });
    this.detector = new PatternDetector(settings, this.membership);
  }

  fail(
    agent: AgentSpec,
    failureType: FailureType = 'heartbeat-timeout',
    incarnation = 1,
  ): FailureObservation {
    const failure: FailureObservation = {
      failureId: `failure-${++this.failureSequence}`,
      agentId: agent.agentId,
      hostId: agent.hostId,
      zone: agent.zone,
      incarnation,
      failureType,
      severity: 'high',
      at: this.now,
    };
    this.detector.observeFailure(failure);
    return failure;
  }

  change(
    agent: AgentSpec,
    previousState: HealthState | undefined,
    state: HealthState,
    incarnation = 1,
  ): void {
    const change: HealthObservation = { ...agent, incarnation, previousState, state, at: this.now };
    this.detector.observeHealth(change);
  }

  /** Moves the clock and evaluates, as the engine's timer does. */
  advance(ms: number): PatternRevision[] {
    this.now += ms;
    return this.evaluate();
  }

  evaluate(): PatternRevision[] {
    const revisions = this.detector.evaluate(this.now);
    for (const revision of revisions) {
      this.detector.confirm(revision.patternId, revision.revision);
      this.published.push(revision);
    }
    return revisions;
  }

  /** The latest revision of each pattern published so far. */
  patterns(): PatternRevision[] {
    const latest = new Map<string, PatternRevision>();
    for (const revision of this.published) {
      const known = latest.get(revision.patternId);
      if (!known || known.revision < revision.revision) latest.set(revision.patternId, revision);
    }
    return [...latest.values()];
  }

  patternsOfType(type: PatternRevision['type']): PatternRevision[] {
    return this.patterns().filter((pattern) => pattern.type === type);
  }
}

export function settingsWith(overrides: {
  [K in keyof PatternSettings]?: PatternSettings[K] extends number ? number : Partial<PatternSettings[K]>;
}): PatternSettings {
  const settings = structuredClone(DEFAULT_PATTERN_SETTINGS) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const current = settings[key];
    settings[key] =
      typeof current === 'object' && current !== null ? { ...current, ...(value as object) } : value;
  }
  return settings as unknown as PatternSettings;
}
