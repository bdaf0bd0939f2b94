import { OutcomeWindow } from '../breaker/outcome-window';

export interface RetryBudgetSettings {
  /** Retries allowed as a share of first attempts over the window (Envoy's budget_percent / 100). */
  ratio: number;
  /** Retries always allowed per window, so a quiet service can still retry (Envoy's min_retry_concurrency). */
  minimumPerWindow: number;
  windowMs: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetSettings = {
  ratio: 0.2,
  minimumPerWindow: 10,
  windowMs: 10_000,
};

/**
 * Caps retries at a share of first attempts over a rolling window, so a failing fleet does not get
 * its load multiplied by retry storms. First attempts are recorded as "successes" of the window and
 * retries as "failures", reusing its constant-memory buckets.
 */
export class RetryBudget {
  private readonly window: OutcomeWindow;

  constructor(private readonly settings: RetryBudgetSettings = DEFAULT_RETRY_BUDGET) {
    this.window = new OutcomeWindow(settings.windowMs);
  }

  firstAttempt(now: number): void {
    this.window.record(true, now);
  }

  /** Takes one retry from the budget when there is one left. */
  tryRetry(now: number): boolean {
    const total = this.window.total(now);
    const retries = Math.round(total * this.window.failureRatio(now));
    const firstAttempts = total - retries;
    const allowed = Math.max(this.settings.minimumPerWindow, firstAttempts * this.settings.ratio);
    if (retries + 1 > allowed) return false;
    this.window.record(false, now);
    return true;
  }
}
