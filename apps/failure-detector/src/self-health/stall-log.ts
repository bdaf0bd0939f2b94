export type StallCause = 'event-loop' | 'disconnected';

/** A period in which the detector could not hear heartbeats (its own fault, not the agents'). */
export interface Stall {
  from: number;
  to: number;
  cause: StallCause;
}

/**
 * Lifeguard's lesson: a detector that was starved must not convict agents for the silence it caused
 * itself. The log keeps the recent periods in which the detector could not hear heartbeats — event-loop
 * stalls and lost connections, the latter still open while it lasts — so each agent's silence can be
 * shortened by the part of it that overlaps them.
 */
export class StallLog {
  private stalls: Stall[] = [];
  private blindSince?: number;

  /** `retentionMs` must exceed the longest silence that can still be evaluated. */
  constructor(private readonly retentionMs: number) {}

  record(stall: Stall): void {
    if (stall.to > stall.from) this.stalls.push(stall);
  }

  /** The connection is gone: every agent's silence from now on is excused until it is back. */
  beginBlind(at: number): void {
    this.blindSince ??= at;
  }

  /** The connection is back: the blind period becomes a recorded stall, returned. */
  endBlind(at: number): Stall | undefined {
    if (this.blindSince === undefined) return undefined;
    const stall: Stall = { from: this.blindSince, to: at, cause: 'disconnected' };
    this.blindSince = undefined;
    this.record(stall);
    return stall;
  }

  get blind(): boolean {
    return this.blindSince !== undefined;
  }

  /**
   * Milliseconds of (from, to] during which the detector was stalled or blind. Stalls are recorded in
   * time order, so the scan runs newest first and stops at the first one that ended before `from`: a
   * starved detector may log many stalls, and every agent's silence is checked against them every tick.
   */
  overlapMs(from: number, to: number): number {
    let total = 0;
    for (let i = this.stalls.length - 1; i >= 0; i--) {
      const stall = this.stalls[i];
      if (stall.to <= from) break;
      total += Math.max(0, Math.min(to, stall.to) - Math.max(from, stall.from));
    }
    if (this.blindSince !== undefined) total += Math.max(0, to - Math.max(from, this.blindSince));
    return total;
  }

  prune(now: number): void {
    if (this.stalls.length && now - this.stalls[0].to > this.retentionMs)
      this.stalls = this.stalls.filter((stall) => now - stall.to <= this.retentionMs);
  }
}
