/** Cancels one scheduled job. */
export type CancelJob = () => void;

const SLOTS_PER_INTERVAL = 20;
const MIN_TICK_MS = 5;

export interface PeriodicSchedulerOptions {
  /** Let the process exit while jobs are scheduled (a library's background timer should not hold it). */
  unref?: boolean;
  /** Receives what a job threw; one failing job must not stop the others in its slot. */
  onError?: (error: unknown) => void;
}

interface Wheel {
  readonly slots: Set<() => void>[];
  readonly timer: NodeJS.Timeout;
  tick: number;
  nextSlot: number;
  size: number;
}

/**
 * Runs many periodic jobs on one timer per distinct interval: each interval is a wheel of slots, a job
 * sits in one slot and runs once per turn. New jobs go to successive slots, so thousands of agents that
 * start together still beat spread evenly over the interval instead of in one burst every second.
 */
export class PeriodicScheduler {
  private readonly wheels = new Map<number, Wheel>();

  constructor(private readonly options: PeriodicSchedulerOptions = {}) {}

  get jobCount(): number {
    let count = 0;
    for (const wheel of this.wheels.values()) count += wheel.size;
    return count;
  }

  every(intervalMs: number, job: () => void): CancelJob {
    if (!Number.isInteger(intervalMs) || intervalMs < 1)
      throw new RangeError(`interval must be a positive integer of ms, got ${intervalMs}`);
    const wheel = this.wheels.get(intervalMs) ?? this.createWheel(intervalMs);
    const slot = wheel.slots[wheel.nextSlot];
    wheel.nextSlot = (wheel.nextSlot + 1) % wheel.slots.length;
    // A distinct function per registration, so scheduling the same callback twice gives two jobs.
    const entry = (): void => job();
    slot.add(entry);
    wheel.size++;
    let cancelled = false;
    return () => {
      if (cancelled) return;
      cancelled = true;
      slot.delete(entry);
      wheel.size--;
      if (wheel.size === 0) this.removeWheel(intervalMs, wheel);
    };
  }

  /** Stops every timer; pending jobs never run again. */
  close(): void {
    for (const [intervalMs, wheel] of this.wheels) this.removeWheel(intervalMs, wheel);
  }

  private createWheel(intervalMs: number): Wheel {
    const slotCount = Math.max(1, Math.min(SLOTS_PER_INTERVAL, Math.floor(intervalMs / MIN_TICK_MS)));
    const tickMs = intervalMs / slotCount;
    const slots = Array.from({ length: slotCount }, () => new Set<() => void>());
    const wheel: Wheel = {
      slots,
      tick: 0,
      nextSlot: 0,
      size: 0,
      timer: setInterval(() => this.turn(wheel), tickMs),
    };
    if (this.options.unref) wheel.timer.unref();
    this.wheels.set(intervalMs, wheel);
    return wheel;
  }

  private turn(wheel: Wheel): void {
    const slot = wheel.slots[wheel.tick];
    wheel.tick = (wheel.tick + 1) % wheel.slots.length;
    for (const job of [...slot]) {
      try {
        job();
      } catch (error) {
        (this.options.onError ?? reportUnhandled)(error);
      }
    }
  }

  private removeWheel(intervalMs: number, wheel: Wheel): void {
    clearInterval(wheel.timer);
    this.wheels.delete(intervalMs);
  }
}

function reportUnhandled(error: unknown): void {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'PeriodicSchedulerJobError');
}
