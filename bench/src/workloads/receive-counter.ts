/** Not every message arrived in time: core NATS dropped some, or the consumer stalled. */
export class DeliveryTimeoutError extends Error {
  constructor(
    readonly expected: number,
    readonly received: number,
    readonly timeoutMs: number,
  ) {
    super(`received ${received} of ${expected} messages within ${timeoutMs} ms`);
    this.name = 'DeliveryTimeoutError';
  }
}

interface Waiter {
  target: number;
  resolve(): void;
}

/** Counts deliveries on the consuming side and lets the producing side wait until a count is reached. */
export class ReceiveCounter {
  private received = 0;
  private waiter?: Waiter;

  get count(): number {
    return this.received;
  }

  reset(): void {
    this.received = 0;
  }

  record(): void {
    this.received++;
    if (this.waiter && this.received >= this.waiter.target) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve();
    }
  }

  /** Resolves once `target` deliveries were counted; rejects when `timeoutMs` passes first. */
  reach(target: number, timeoutMs: number): Promise<void> {
    if (this.received >= target) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new DeliveryTimeoutError(target, this.received, timeoutMs));
      }, timeoutMs);
      this.waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}
