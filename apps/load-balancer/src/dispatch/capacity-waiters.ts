import type { TaskPriority } from '@warden/contracts';
import { LANE_ORDER } from '../routing/priority-lanes';

/**
 * Tasks that found no agent with headroom wait here, one FIFO lane per priority, and are woken in
 * lane order (critical first) whenever capacity may have freed: a result, a new agent, a breaker
 * closing. Bounded, so an overloaded balancer refuses work instead of growing without limit.
 */
export class CapacityWaiters {
  private readonly lanes = new Map<TaskPriority, (() => void)[]>(LANE_ORDER.map((p) => [p, []]));
  private count = 0;

  constructor(readonly limit: number) {}

  get waiting(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.limit;
  }

  /** Resolves at the next wake-up or after `maxWaitMs`, whichever is first. */
  wait(priority: TaskPriority, maxWaitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const lane = this.lanes.get(priority)!;
      let done = false;
      const wake = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.count--;
        resolve();
      };
      const timer = setTimeout(
        () => {
          const index = lane.indexOf(wake);
          if (index >= 0) lane.splice(index, 1);
          wake();
        },
        Math.max(0, maxWaitMs),
      );
      lane.push(wake);
      this.count++;
    });
  }

  wakeAll(): void {
    if (this.count === 0) return;
    for (const priority of LANE_ORDER) {
      const lane = this.lanes.get(priority)!;
      for (const wake of lane.splice(0)) wake();
    }
  }
}
