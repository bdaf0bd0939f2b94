import type { BudgetPolicy } from '../policy/recovery-policy';

export type BudgetVerdict =
  { granted: true; history: number[] } | { granted: false; history: number[]; used: number };

/**
 * The fleet-wide restart budget: restarts of every group together within a sliding window. Past it the
 * coordinator stops restarting and escalates, so a dead zone of 500 agents costs at most `maxRestarts`
 * attempts per window instead of 500 (the storm no per-supervisor limit in OTP or Kubernetes prevents).
 */
export class FleetRestartBudget {
  constructor(private readonly policy: BudgetPolicy) {}

  get maxRestarts(): number {
    return this.policy.maxRestarts;
  }

  get windowMs(): number {
    return this.policy.windowMs;
  }

  /** Takes `count` restarts (a group restart takes one per member) or none at all. */
  take(history: readonly number[], now: number, count = 1): BudgetVerdict {
    const inWindow = history.filter((at) => now - at < this.policy.windowMs);
    if (inWindow.length + count > this.policy.maxRestarts)
      return { granted: false, history: inWindow, used: inWindow.length };
    return { granted: true, history: [...inWindow, ...Array.from({ length: count }, () => now)] };
  }

  /**
   * Gives back `count` restarts taken at `takenAt` that were never commanded (the intensity gate refused
   * them after the budget was taken), so only commanded restarts spend the budget.
   */
  refund(history: readonly number[], takenAt: number, count = 1): number[] {
    const kept = [...history];
    for (let left = count; left > 0; left--) {
      const index = kept.lastIndexOf(takenAt);
      if (index < 0) break;
      kept.splice(index, 1);
    }
    return kept;
  }

  /** When the window's oldest restart leaves it, i.e. when the budget next has room. */
  refillsAt(history: readonly number[], now: number): number {
    const inWindow = history.filter((at) => now - at < this.policy.windowMs);
    return inWindow.length ? Math.min(...inWindow) + this.policy.windowMs : now;
  }
}
