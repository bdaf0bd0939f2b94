import type { Stall } from './stall-log';

/**
 * Finds event-loop stalls from the detector's own periodic tick: a tick that comes later than its
 * interval plus the tolerance means the process could not run — and could not read heartbeats — for the
 * excess. Measured where it matters, on the same loop that reads heartbeats and evaluates φ.
 */
export class TickLateness {
  private lastTickAt?: number;

  constructor(
    private readonly intervalMs: number,
    private readonly toleranceMs: number,
  ) {}

  tick(now: number): Stall | undefined {
    const previous = this.lastTickAt;
    this.lastTickAt = now;
    if (previous === undefined) return undefined;
    const expectedAt = previous + this.intervalMs;
    if (now - expectedAt <= this.toleranceMs) return undefined;
    return { from: expectedAt, to: now, cause: 'event-loop' };
  }
}
