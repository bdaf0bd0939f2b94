import type { SeededRandom } from '@warden/agent-sdk';
import type { VirtualScheduler } from './virtual-scheduler';

export interface NetworkFaults {
  dropProbability: number;
  duplicateProbability: number;
  maxDelayMs: number;
}

export const STABLE_NETWORK: NetworkFaults = { dropProbability: 0, duplicateProbability: 0, maxDelayMs: 5 };

/**
 * Delivers one-way messages after a random delay (so messages reorder), dropping or duplicating some.
 * `faults` can be swapped at any time: the simulations end with a stable network to check progress.
 */
export class LossyNetwork {
  faults: NetworkFaults;

  constructor(
    private readonly scheduler: VirtualScheduler,
    private readonly random: SeededRandom,
    faults: NetworkFaults,
  ) {
    this.faults = faults;
  }

  send(deliver: () => void): void {
    if (this.random.chance(this.faults.dropProbability)) return;
    const copies = this.random.chance(this.faults.duplicateProbability) ? 2 : 1;
    for (let i = 0; i < copies; i++)
      this.scheduler.setTimeout(deliver, this.random.between(1, this.faults.maxDelayMs));
  }

  /**
   * A request whose reply comes back over the same network: resolves with the first reply copy, or
   * rejects when none has come within `timeoutMs` (the caller cannot tell a lost request from a lost reply).
   */
  request<T>(handle: () => Promise<T> | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = this.scheduler.setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(new Error('request timed out'));
      }, timeoutMs);
      this.send(() => {
        const reply = handle();
        if (!reply) return;
        void reply.then(
          (value) =>
            this.send(() => {
              if (settled) return;
              settled = true;
              this.scheduler.clearTimeout(timer);
              resolve(value);
            }),
          () => undefined,
        );
      });
    });
  }
}
