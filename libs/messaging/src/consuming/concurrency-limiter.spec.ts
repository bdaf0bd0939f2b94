import { ConcurrencyLimiter } from './concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('never lets more than the limit hold a slot, and admits waiters as slots free', async () => {
    const limiter = new ConcurrencyLimiter(2);
    let peak = 0;
    const finishers: Array<() => void> = [];
    const task = async (): Promise<void> => {
      const release = await limiter.acquire();
      peak = Math.max(peak, limiter.inFlight);
      await new Promise<void>((resolve) => finishers.push(resolve));
      release();
    };

    const tasks = [task(), task(), task(), task(), task()];
    while (finishers.length > 0 || limiter.inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      finishers.shift()?.();
    }
    await Promise.all(tasks);

    expect(peak).toBe(2);
  });

  it('resolves idle only once every slot is released', async () => {
    const limiter = new ConcurrencyLimiter(3);
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    let idle = false;
    const idlePromise = limiter.idle().then(() => {
      idle = true;
    });

    first();
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    second();
    await idlePromise;
    expect(idle).toBe(true);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    await limiter.acquire();

    expect(limiter.inFlight).toBe(1);
  });

  it('rejects a limit below one', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(RangeError);
  });
});
