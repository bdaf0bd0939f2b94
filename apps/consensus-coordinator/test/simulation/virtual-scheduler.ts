import type { ElectionClock } from '@warden/messaging';

interface Task {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

/**
 * Virtual time for the simulations: tasks run in time order (ties in scheduling order), and between two
 * tasks every pending promise continuation runs, so async code under test behaves as with real timers,
 * only deterministically and without waiting.
 */
export class VirtualScheduler implements ElectionClock {
  private time = 0;
  private seq = 0;
  private readonly queue: Task[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const task: Task = { at: this.time + Math.max(0, ms), seq: this.seq++, run: callback, cancelled: false };
    const index = this.queue.findIndex((t) => t.at > task.at);
    this.queue.splice(index === -1 ? this.queue.length : index, 0, task);
    return task;
  }

  clearTimeout(handle: unknown): void {
    (handle as Task).cancelled = true;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Runs tasks up to `until` (virtual ms); `afterEach` checks invariants after every task. */
  async runUntil(until: number, afterEach?: () => void): Promise<void> {
    await flushMicrotasks();
    while (this.queue.length > 0 && this.queue[0].at <= until) {
      const task = this.queue.shift() as Task;
      if (task.cancelled) continue;
      this.time = task.at;
      task.run();
      await flushMicrotasks();
      afterEach?.();
    }
    this.time = Math.max(this.time, until);
  }
}

/** Lets every queued promise continuation run (setImmediate fires after the microtask queue drains). */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
