/** A bad schedule is a programming error caught at declaration, not at the first failure. */
export class InvalidBackoffScheduleError extends Error {
  override readonly name = 'InvalidBackoffScheduleError';

  constructor(readonly delaysMs: readonly number[]) {
    super(
      `Backoff delays must be one or more non-negative finite numbers of milliseconds, got [${delaysMs.join(', ')}]`,
    );
  }
}

/**
 * Redelivery delay after a failed attempt, by delivery count: the first failure waits `delaysMs[0]`,
 * the second `delaysMs[1]`, and every later one the last entry, so a short list describes an
 * unbounded sequence.
 */
export class BackoffSchedule {
  private readonly delaysMs: readonly number[];

  constructor(delaysMs: readonly number[]) {
    if (delaysMs.length === 0 || delaysMs.some((delay) => !Number.isFinite(delay) || delay < 0)) {
      throw new InvalidBackoffScheduleError(delaysMs);
    }
    this.delaysMs = [...delaysMs];
  }

  /** @param deliveryCount 1 for the first delivery, as JetStream counts. */
  delayAfter(deliveryCount: number): number {
    const index = Math.min(Math.max(deliveryCount, 1), this.delaysMs.length) - 1;
    return this.delaysMs[index];
  }
}
