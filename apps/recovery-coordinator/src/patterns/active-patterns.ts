import type { PatternDetected } from '@warden/contracts';

/** What a failure is checked against: its pattern id, agent, host and zone. */
export interface FailureScope {
  agentId: string;
  hostId: string;
  zone: string;
  patternId?: string;
}

/**
 * The patterns in force, folded by patternId keeping the highest revision (the detector republishes an
 * incident as it grows). `foldingPatternFor` finds the pattern that takes a failure over: the one its
 * `patternId` names, or an active one whose affected agents, host or zone include the failed agent —
 * so a failure published before the detector tagged it still folds. Only patterns `folds` accepts count
 * (the diagnosis table's dead host or zone).
 */
export class ActivePatterns {
  private readonly patterns = new Map<string, PatternDetected>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly folds: (pattern: PatternDetected) => boolean) {}

  /** Records a revision; false when an equal or higher revision of the incident is already known. */
  apply(pattern: PatternDetected): boolean {
    const known = this.patterns.get(pattern.patternId);
    if (known && known.revision >= pattern.revision) return false;
    this.patterns.set(pattern.patternId, pattern);
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

  get(patternId: string): PatternDetected | undefined {
    return this.patterns.get(patternId);
  }

  foldingPatternFor(failure: FailureScope, now: number): PatternDetected | undefined {
    this.prune(now);
    if (failure.patternId) {
      const named = this.patterns.get(failure.patternId);
      if (named && this.folds(named)) return named;
    }
    for (const pattern of this.patterns.values()) {
      if (!this.folds(pattern)) continue;
      if (pattern.affectedAgentIds.includes(failure.agentId)) return pattern;
      const { kind, id } = pattern.scope;
      if ((kind === 'host' && id === failure.hostId) || (kind === 'zone' && id === failure.zone))
        return pattern;
    }
    return undefined;
  }

  private prune(now: number): void {
    for (const [patternId, pattern] of this.patterns) {
      if (Date.parse(pattern.activeUntil) < now) this.patterns.delete(patternId);
    }
  }
}
