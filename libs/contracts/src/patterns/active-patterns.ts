import { severityRank } from '../messages/common/severity';
import type { PatternDetected } from '../messages/pattern.messages';

/** A pattern in force: its latest revision and until when it explains its agents' failures. */
export interface ActivePattern {
  pattern: PatternDetected;
  activeUntil: number;
}

/** What a failure is checked against when it may fold into a pattern: its pattern id, agent, host and zone. */
export interface FailureScope {
  agentId: string;
  hostId: string;
  zone: string;
  patternId?: string;
}

/**
 * The published patterns in force, kept by every replica that reads `supervision.patterns.>`. Revisions
 * are folded by patternId, the highest wins whatever order they arrive in (the detector republishes an
 * incident as it grows); a pattern leaves at its `activeUntil`.
 *
 * The failure detector asks which pattern explains an agent (`patternFor`) to tag its later failures;
 * the recovery coordinator asks which pattern takes a failure over (`foldingPatternFor`) — the one its
 * `patternId` names, or one whose affected agents, host or zone include the failed agent, so a failure
 * published before the detector tagged it still folds. Only patterns `folds` accepts take failures over
 * (recovery's diagnosis table: a dead host or zone); by default all do.
 */
export class ActivePatterns {
  private readonly patterns = new Map<string, ActivePattern>();
  private readonly byAgent = new Map<string, Set<string>>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly folds: (pattern: PatternDetected) => boolean = () => true) {}

  /** Records a revision; false when an equal or higher revision of the incident is already known. */
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
    for (const wake of this.waiters.get(pattern.patternId) ?? []) wake();
    this.waiters.delete(pattern.patternId);
    return true;
  }

  /**
   * Resolves once the pattern is known, or after `timeoutMs`: a failure may name a pattern this replica
   * has not read yet (the detector publishes both at about the same time).
   */
  async whenKnown(patternId: string, timeoutMs: number): Promise<void> {
    if (this.patterns.has(patternId)) return;
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.get(patternId)?.delete(wake);
        resolve();
      }, timeoutMs);
      const waiting = this.waiters.get(patternId) ?? new Set<() => void>();
      waiting.add(wake);
      this.waiters.set(patternId, waiting);
    });
  }

  /** The latest known revision of a pattern, active or not yet forgotten. */
  get(patternId: string): PatternDetected | undefined {
    return this.patterns.get(patternId)?.pattern;
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

  /** The pattern that takes this failure over, if any (see the class comment). */
  foldingPatternFor(failure: FailureScope, now: number): PatternDetected | undefined {
    // Recovery reads without a periodic expire, so it forgets here; a pattern still counts at its activeUntil.
    this.forgetWhere((entry) => entry.activeUntil < now);
    if (failure.patternId) {
      const named = this.get(failure.patternId);
      if (named && this.folds(named)) return named;
    }
    for (const { pattern } of this.patterns.values()) {
      if (!this.folds(pattern)) continue;
      if (pattern.affectedAgentIds.includes(failure.agentId)) return pattern;
      const { kind, id } = pattern.scope;
      if ((kind === 'host' && id === failure.hostId) || (kind === 'zone' && id === failure.zone))
        return pattern;
    }
    return undefined;
  }

  /** Forgets patterns past their activeUntil; call it periodically. */
  expire(now: number): void {
    this.forgetWhere((entry) => entry.activeUntil <= now);
  }

  private forgetWhere(expired: (entry: ActivePattern) => boolean): void {
    for (const entry of [...this.patterns.values()]) {
      if (!expired(entry)) continue;
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
