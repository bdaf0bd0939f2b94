/** When a breaker trips and how long it stays open; defaults after Finagle's failure accrual and resilience4j. */
export interface BreakerSettings {
  /** Trips after this many failures in a row. */
  consecutiveFailures: number;
  /** Trips when the failure ratio over the window reaches this… */
  failureRatio: number;
  /** …once the window holds at least this many calls. */
  minimumCalls: number;
  windowMs: number;
  /** First open time; each reopening without a close in between doubles it, up to `maxOpenMs`. */
  baseOpenMs: number;
  maxOpenMs: number;
  /** Trial calls let through in half-open; all must succeed to close, one failure reopens. */
  halfOpenTrials: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = {
  consecutiveFailures: 5,
  failureRatio: 0.5,
  minimumCalls: 10,
  windowMs: 30_000,
  baseOpenMs: 5_000,
  maxOpenMs: 300_000,
  halfOpenTrials: 3,
};
