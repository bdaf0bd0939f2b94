import type { BackoffPolicy } from '../policy/recovery-policy';

/** Where a scope's backoff stands: how many restarts in a row, and when the last one was. */
export interface BackoffState {
  consecutive: number;
  lastRestartAt?: number;
}

/** Backoff math; see BackoffPolicy for the formulas. */
export class Backoff {
  constructor(private readonly policy: BackoffPolicy) {}

  /**
   * The number of the next restart in the current streak: 1 after a quiet period of at least
   * `resetAfterMs` since the last restart (or when there was none), else one more than before.
   */
  nextRestartNumber(state: BackoffState, now: number): number {
    if (state.lastRestartAt === undefined || now - state.lastRestartAt >= this.policy.resetAfterMs) return 1;
    return state.consecutive + 1;
  }

  /** The delay before restart number `n` (1-based); `random` in [0, 1) spreads it by ±jitter. */
  delayMs(n: number, random: () => number = Math.random): number {
    const { kind, minMs, maxMs, stepMs, factor, jitter } = this.policy;
    const step = Math.max(1, n) - 1;
    const base =
      kind === 'fixed' ? minMs : kind === 'linear' ? minMs + stepMs * step : minMs * Math.pow(factor, step);
    const capped = Math.min(maxMs, base);
    const spread = capped * jitter * (2 * random() - 1);
    return Math.round(Math.min(maxMs, Math.max(0, capped + spread)));
  }
}
