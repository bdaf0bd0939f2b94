import { delayFor, type BackoffPolicy as DelayPolicy } from '@warden/messaging';
import type { BackoffPolicy } from '../policy/recovery-policy';

/** Where a scope's backoff stands: how many restarts in a row, and when the last one was. */
export interface BackoffState {
  consecutive: number;
  lastRestartAt?: number;
}

/** Backoff math; see BackoffPolicy for the formulas, which the shared delay policy carries out. */
export class Backoff {
  private readonly delays: DelayPolicy;

  constructor(private readonly policy: BackoffPolicy) {
    this.delays = delayPolicyOf(policy);
  }

  /**
   * The number of the next restart in the current streak: 1 after a quiet period of at least
   * `resetAfterMs` since the last restart (or when there was none), else one more than before.
   */
  nextRestartNumber(state: BackoffState, now: number): number {
    if (state.lastRestartAt === undefined || now - state.lastRestartAt >= this.policy.resetAfterMs) return 1;
    return state.consecutive + 1;
  }

  /** The delay before restart number `n` (1-based), in whole ms as always; `random` in [0, 1) spreads it by ±jitter. */
  delayMs(n: number, random: () => number = Math.random): number {
    return Math.round(delayFor(this.delays, n, random));
  }
}

/** The operator's kinds as the shared policy: fixed and linear do not multiply, only exponential does. */
function delayPolicyOf({ kind, minMs, maxMs, stepMs, factor, jitter }: BackoffPolicy): DelayPolicy {
  return {
    initialMs: minMs,
    multiplier: kind === 'exponential' ? factor : 1,
    stepMs: kind === 'linear' ? stepMs : 0,
    maxMs,
    jitter: { kind: 'proportional', ratio: jitter },
  };
}
