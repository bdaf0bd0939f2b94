import { createHash } from 'node:crypto';
import type { PatternDetected } from '@warden/contracts';
import { groupBy } from '../model/group-by';
import { familyOf, incidentKeyOf, type PatternCandidate } from '../model/pattern-candidate';
import { mergeCandidates } from './candidate-merge';
import type { PatternRevision } from './pattern-revision';

interface Incident {
  current: PatternRevision;
  /** The summary of the latest reading of the incident, before the incident's running total. */
  baseSummary: string;
  failureIds: Set<string>;
  lastEvidenceAt: number;
  /** False until the engine confirms JetStream stored the current revision. */
  confirmed: boolean;
}

/**
 * Gives each incident one patternId for its whole life and decides when it changed enough to publish a
 * new revision: more agents, a graver type, severity or wider scope, or new evidence once half its
 * active time has passed (so other replicas keep it active). An evaluation yields at most one revision
 * per incident. An incident ends `activeTtlMs` after its last evidence; a later one is a new pattern.
 */
export class IncidentTracker {
  private readonly incidents = new Map<string, Incident>();

  constructor(private readonly activeTtlMs: number) {}

  /** Folds this evaluation's candidates in; returns the revisions to publish (new, changed or unconfirmed). */
  reconcile(candidates: readonly PatternCandidate[], now: number): PatternRevision[] {
    this.expire(now);
    for (const [key, readings] of groupBy(candidates, incidentKeyOf)) {
      const reading = mergeCandidates(readings);
      const incident = this.incidents.get(key);
      if (incident) this.fold(incident, reading, now);
      else this.incidents.set(key, this.openIncident(key, reading));
    }
    return [...this.incidents.values()]
      .filter((incident) => !incident.confirmed)
      .map((incident) => incident.current);
  }

  /** JetStream stored this revision; until then every evaluation offers it again under the same id. */
  confirm(patternId: string, revision: number): void {
    for (const incident of this.incidents.values())
      if (incident.current.patternId === patternId && incident.current.revision === revision)
        incident.confirmed = true;
  }

  /**
   * Takes over an incident another replica published, so this replica continues its patternId and
   * revisions instead of opening a second pattern for the same incident.
   */
  adopt(pattern: PatternDetected, activeUntil: number): void {
    const key = incidentKeyOf({
      type: pattern.patternType,
      scope: pattern.scope,
      evidence: pattern.evidence,
    });
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

  private openIncident(key: string, reading: PatternCandidate): Incident {
    // Named by its incident key and its oldest failure, so replicas that saw the same events name it alike.
    const anchor = reading.firstFailureId ?? String(reading.lastEvidenceAt);
    const digest = createHash('sha256').update(`${key}|${anchor}`).digest('hex').slice(0, 20);
    const { lastEvidenceAt, firstFailureId: _anchor, ...pattern } = reading;
    return {
      current: {
        ...pattern,
        patternId: `${familyOf(reading.type)}-${digest}`,
        revision: 1,
        activeUntil: lastEvidenceAt + this.activeTtlMs,
      },
      baseSummary: reading.summary,
      failureIds: new Set(reading.evidence.failureIds),
      lastEvidenceAt,
      confirmed: false,
    };
  }

  private fold(incident: Incident, reading: PatternCandidate, now: number): void {
    const current = incident.current;
    const merged = mergeCandidates([
      { ...current, lastEvidenceAt: incident.lastEvidenceAt, summary: incident.baseSummary },
      reading,
    ]);
    for (const failureId of reading.evidence.failureIds) incident.failureIds.add(failureId);
    const newEvidence = reading.lastEvidenceAt > incident.lastEvidenceAt;
    incident.lastEvidenceAt = merged.lastEvidenceAt;
    const changed =
      merged.affectedAgentIds.length > current.affectedAgentIds.length ||
      merged.type !== current.type ||
      merged.severity !== current.severity ||
      merged.scope.kind !== current.scope.kind ||
      merged.scope.id !== current.scope.id;
    const due = newEvidence && now >= current.activeUntil - this.activeTtlMs / 2;
    if (!changed && !due) return;
    if (merged.type === reading.type) incident.baseSummary = reading.summary;
    const allFailureIds = [...incident.failureIds];
    incident.current = {
      patternId: current.patternId,
      revision: current.revision + 1,
      type: merged.type,
      scope: merged.scope,
      severity: merged.severity,
      affectedAgentIds: merged.affectedAgentIds,
      confidence: merged.confidence,
      evidence: {
        ...merged.evidence,
        failureCount: Math.max(allFailureIds.length, merged.evidence.failureCount),
      },
      recommendedAction: merged.recommendedAction,
      summary: summaryOf(incident.baseSummary, merged.affectedAgentIds.length, reading),
      activeUntil: incident.lastEvidenceAt + this.activeTtlMs,
    };
    incident.confirmed = false;
  }

  private expire(now: number): void {
    for (const [key, incident] of this.incidents)
      if (incident.current.activeUntil <= now && incident.confirmed) this.incidents.delete(key);
  }
}

function summaryOf(base: string, incidentAgents: number, reading: PatternCandidate): string {
  return incidentAgents > reading.affectedAgentIds.length
    ? `${base}; ${incidentAgents} agents in the incident so far`
    : base;
}
