/**
 * How much work one run does. Quick mode only proves that every scenario runs (CI); full mode gives
 * numbers worth comparing, with enough repetitions for a spread to mean something.
 */
export interface BenchProfile {
  mode: 'quick' | 'full';
  /** Measured repetitions per side; the sides alternate, so each side gets this many. */
  repetitions: number;
  /** Unmeasured repetitions per side first, so JIT compilation and connection set-up are not measured. */
  warmupRepetitions: number;
  /** Messages per repetition of a core NATS throughput scenario. */
  coreMessages: number;
  /** Messages per repetition of a JetStream throughput scenario (each is stored and acknowledged). */
  durableMessages: number;
  /** Sequential round trips per repetition of a latency scenario. */
  roundTrips: number;
  /**
   * A repetition stops sending once it has run this long, even short of its count, so a slow subject
   * cannot stretch the run: rates and percentiles stay valid over fewer messages.
   */
  repetitionBudgetMs: number;
}

export const QUICK_PROFILE: BenchProfile = {
  mode: 'quick',
  repetitions: 5,
  warmupRepetitions: 1,
  coreMessages: 30_000,
  durableMessages: 5_000,
  roundTrips: 1_000,
  repetitionBudgetMs: 750,
};

export const FULL_PROFILE: BenchProfile = {
  mode: 'full',
  repetitions: 15,
  warmupRepetitions: 2,
  coreMessages: 200_000,
  durableMessages: 30_000,
  roundTrips: 5_000,
  repetitionBudgetMs: 6_000,
};
