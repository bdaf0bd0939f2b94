import { severityRank, type PatternDetected } from '@warden/contracts';

/** A pattern in force: its latest revision and until when it explains its agents' failures. */
export interface ActivePattern {
  pattern: PatternDetected;
  activeUntil: number;
}

/**
 * Which published patterns explain which agents now, kept by every replica from
 * `supervision.patterns.>`: the failure detector marks a later failure of an agent with the patternId
 * (FailureDetected.patternId) so recovery and alerting fold it into the pattern. Revisions are folded
 * by patternId (the highest wins, whatever order they arrive in); a pattern leaves at its `activeUntil`.
 */
export class ActivePatterns {
  private readonly patterns = new Map<string, ActivePattern>();
  private readonly byAgent = new Map<string, Set<string>>();

  /** Records a revision; returns false for one older than (or equal to) what is already known. */
  record(pattern: PatternDetected): boolean {
    const known = this.patterns.get(pattern.patternId);
    if (known && known.pattern.revision >= pattern.revision) return false;
    if (known) this.unindex(known.pattern);
    this.patterns.set(pattern.patternId, { pattern, activeUntil: Date.parse(pattern.activeUntil) });
    for (const agentId of pattern.affectedAgentIds) {
      let ids = this.byAgent.get(agentId);
      if (!ids) this.byAgent.set(agentId, (ids = new Set()));
      ids.add(pattern.patternId);
    }
    return true;
  }

  /**
   * The pattern a new failure of `agentId` belongs to: of the active ones naming it, the most severe,
   * then the one most recently revised.
   */
  patternFor(agentId: string, now: number): string | undefined {
    return this.patternsFor(agentId, now)[0]?.pattern.patternId;
  }

  /** The active patterns naming `agentId`, most severe first. */
  patternsFor(agentId: string, now: number): ActivePattern[] {
    const active: ActivePattern[] = [];
    for (const patternId of this.byAgent.get(agentId) ?? []) {
      const entry = this.patterns.get(patternId);
      if (entry && entry.activeUntil > now) active.push(entry);
    }
    return active.sort(
      (a, b) =>
        severityRank(b.pattern.severity) - severityRank(a.pattern.severity) ||
        Date.parse(b.pattern.detectedAt) - Date.parse(a.pattern.detectedAt),
    );
  }

  /** Every pattern still in force at `now`. */
  active(now: number): ActivePattern[] {
    return [...this.patterns.values()].filter((entry) => entry.activeUntil > now);
  }

  /** Forgets patterns past their activeUntil; call it periodically. */
  expire(now: number): void {
    for (const entry of [...this.patterns.values()]) {
      if (entry.activeUntil > now) continue;
      this.patterns.delete(entry.pattern.patternId);
      this.unindex(entry.pattern);
    }
  }

  private unindex(pattern: PatternDetected): void {
    for (const agentId of pattern.affectedAgentIds) {
      const ids = this.byAgent.get(agentId);
      ids?.delete(pattern.patternId);
      if (ids?.size === 0) this.byAgent.delete(agentId);
    }
  }
}
