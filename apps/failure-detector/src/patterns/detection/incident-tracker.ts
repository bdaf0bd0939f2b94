import { createHash } from 'node:crypto';
import { MessageLimits, severityRank, type PatternDetected, type PatternType } from '@warden/contracts';
import { familyOf, incidentKeyOf, type PatternCandidate } from '../model/pattern-candidate';
import type { PatternRevision } from './pattern-revision';

/** Within a family, the graver reading of the same incident wins: it never turns back into a milder one. */
const TYPE_GRAVITY: Partial<Record<PatternType, number>> = {
  'correlated-failure': 1,
  'host-partition': 2,
  'zone-outage': 3,
};

interface Incident {
  current: PatternRevision;
  /** The summary of the latest candidate of the current type, before the incident's running total. */
  baseSummary: string;
  failureIds: Set<string>;
  lastEvidenceAt: number;
  /** False until the engine confirms JetStream stored the current revision. */
  confirmed: boolean;
}

/**
 * Gives each incident one patternId for its whole life and decides when it changed enough to publish a
 * new revision: more agents, a graver type or severity, or new evidence when half its active time has
 * passed (so other replicas keep it active). An incident ends `activeTtlMs` after its last evidence; a
 * later one in the same scope is a new pattern.
 */
export class IncidentTracker {
  private readonly incidents = new Map<string, Incident>();

  constructor(private readonly activeTtlMs: number) {}

  /** Folds this evaluation's candidates in; returns the revisions to publish (new, changed or unconfirmed). */
  reconcile(candidates: readonly PatternCandidate[], now: number): PatternRevision[] {
    this.expire(now);
    const changed = new Set<Incident>();
    for (const candidate of candidates) {
      const key = incidentKeyOf(candidate.type, candidate.scope);
      const incident = this.incidents.get(key);
      if (!incident) {
        const opened = this.openIncident(key, candidate);
        this.incidents.set(key, opened);
        changed.add(opened);
      } else if (this.fold(incident, candidate, now)) {
        changed.add(incident);
      }
    }
    for (const incident of this.incidents.values()) if (!incident.confirmed) changed.add(incident);
    return [...changed].map((incident) => incident.current);
  }

  /** JetStream stored this revision; until then every evaluation offers it again under the same id. */
  confirm(patternId: string, revision: number): void {
    for (const incident of this.incidents.values())
      if (incident.current.patternId === patternId && incident.current.revision === revision)
        incident.confirmed = true;
  }

  /**
   * Takes over an incident another replica published, so this replica continues its patternId and
   * revisions instead of opening a second pattern for the same scope.
   */
  adopt(pattern: PatternDetected, activeUntil: number): void {
    const key = incidentKeyOf(pattern.patternType, pattern.scope);
    const existing = this.incidents.get(key);
    if (existing && existing.current.revision >= pattern.revision) return;
    this.incidents.set(key, {
      current: {
        patternId: pattern.patternId,
        revision: pattern.revision,
        type: pattern.patternType,
        scope: pattern.scope,
        severity: pattern.severity,
        affectedAgentIds: [...pattern.affectedAgentIds],
        confidence: pattern.confidence,
        evidence: pattern.evidence,
        recommendedAction: pattern.recommendedAction,
        summary: pattern.summary,
        activeUntil,
      },
      baseSummary: pattern.summary,
      failureIds: new Set(pattern.evidence.failureIds),
      lastEvidenceAt: activeUntil - this.activeTtlMs,
      confirmed: true,
    });
  }

  /** The latest revision of every incident still active. */
  openPatterns(): PatternRevision[] {
    return [...this.incidents.values()].map((incident) => incident.current);
  }

  private openIncident(key: string, candidate: PatternCandidate): Incident {
    // Named by its scope and its oldest failure, so replicas that saw the same events name it alike.
    const anchor = candidate.firstFailureId ?? String(candidate.lastEvidenceAt);
    const digest = createHash('sha256').update(`${key}|${anchor}`).digest('hex').slice(0, 20);
    return {
      current: {
        ...candidate,
        patternId: `${familyOf(candidate.type)}-${digest}`,
        revision: 1,
        activeUntil: candidate.lastEvidenceAt + this.activeTtlMs,
      },
      baseSummary: candidate.summary,
      failureIds: new Set(candidate.evidence.failureIds),
      lastEvidenceAt: candidate.lastEvidenceAt,
      confirmed: false,
    };
  }

  private fold(incident: Incident, candidate: PatternCandidate, now: number): boolean {
    const current = incident.current;
    const affected = new Set([...current.affectedAgentIds, ...candidate.affectedAgentIds]);
    for (const failureId of candidate.evidence.failureIds) incident.failureIds.add(failureId);
    const type = graver(current.type, candidate.type);
    const severity =
      severityRank(candidate.severity) > severityRank(current.severity)
        ? candidate.severity
        : current.severity;
    const newEvidence = candidate.lastEvidenceAt > incident.lastEvidenceAt;
    incident.lastEvidenceAt = Math.max(incident.lastEvidenceAt, candidate.lastEvidenceAt);
    const grew = affected.size > current.affectedAgentIds.length;
    const due = newEvidence && now >= current.activeUntil - this.activeTtlMs / 2;
    if (!grew && type === current.type && severity === current.severity && !due) return false;
    const affectedAgentIds = [...affected].sort();
    if (type === candidate.type) incident.baseSummary = candidate.summary;
    const failureIds = [...incident.failureIds];
    incident.current = {
      ...current,
      revision: current.revision + 1,
      type,
      severity,
      affectedAgentIds,
      confidence: Math.max(current.confidence, candidate.confidence),
      evidence: {
        ...candidate.evidence,
        failureIds: failureIds.slice(-MessageLimits.idsPerEvidence),
        failureCount: Math.max(failureIds.length, candidate.evidence.failureCount),
      },
      recommendedAction: type === candidate.type ? candidate.recommendedAction : current.recommendedAction,
      summary: summaryOf(incident.baseSummary, affectedAgentIds.length, candidate),
      activeUntil: incident.lastEvidenceAt + this.activeTtlMs,
    };
    incident.confirmed = false;
    return true;
  }

  private expire(now: number): void {
    for (const [key, incident] of this.incidents)
      if (incident.current.activeUntil <= now && incident.confirmed) this.incidents.delete(key);
  }
}

function graver(current: PatternType, candidate: PatternType): PatternType {
  return (TYPE_GRAVITY[candidate] ?? 0) > (TYPE_GRAVITY[current] ?? 0) ? candidate : current;
}

function summaryOf(base: string, incidentAgents: number, candidate: PatternCandidate): string {
  return incidentAgents > candidate.affectedAgentIds.length
    ? `${base}; ${incidentAgents} agents in the incident so far`
    : base;
}
