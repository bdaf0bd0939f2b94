/** How a call admitted by a breaker ended. */
export type PermitOutcome = 'succeeded' | 'failed' | 'released';

/** What a breaker does with the outcome of a call it admitted (implemented by CircuitBreaker). */
export interface PermitSettlement {
  settle(permit: BreakerPermit, outcome: PermitOutcome, now: number, cause: string): void;
}

/**
 * One call let through by a breaker, tied to the breaker phase (`epoch`) that admitted it. It is
 * settled exactly once: a success or failure the agent is to blame for, or a release (refused,
 * cancelled, handed off, a result from another agent, a failure that is the task's own fault) that
 * gives a half-open trial slot back without judging the agent. Settling again does nothing, so every
 * path of a dispatch may settle without knowing whether another path already did.
 */
export class BreakerPermit {
  private settled = false;

  constructor(
    private readonly breaker: PermitSettlement,
    /** The breaker's phase when the call was admitted; an outcome of an older phase only feeds the statistics. */
    readonly epoch: number,
    /** The breaker generation (as published to the other replicas) when the call was admitted. */
    readonly generation: number,
    /** Whether the call took one of the half-open trial slots. */
    readonly trial: boolean,
  ) {}

  get open(): boolean {
    return !this.settled;
  }

  succeeded(now: number): void {
    this.settle('succeeded', now, '');
  }

  failed(now: number, cause: string): void {
    this.settle('failed', now, cause);
  }

  released(now: number): void {
    this.settle('released', now, '');
  }

  private settle(outcome: PermitOutcome, now: number, cause: string): void {
    if (this.settled) return;
    this.settled = true;
    this.breaker.settle(this, outcome, now, cause);
  }
}
