import { retry, type RetryOptions } from './retry';

class Permanent extends Error {}

const options = (overrides: Partial<RetryOptions> = {}): RetryOptions & { waits: number[] } => {
  const waits: number[] = [];
  return {
    attempts: 4,
    backoff: { initialMs: 10, multiplier: 2, maxMs: 25, jitter: { kind: 'none' } },
    sleep: (ms) => Promise.resolve(waits.push(ms)),
    waits,
    ...overrides,
  };
};

/** Fails the first `failures` calls, then resolves to the attempt it was told. */
const failingTimes = (failures: number) => (attempt: number) =>
  attempt <= failures ? Promise.reject(new Error(`failure ${attempt}`)) : Promise.resolve(attempt);

describe('retry', () => {
  it('retries after the backoff delays until the operation resolves', async () => {
    const run = options();
    expect(await retry(failingTimes(3), run)).toBe(4);
    expect(run.waits).toEqual([10, 20, 25]);
  });

  it('throws the last failure once every attempt ran', async () => {
    const run = options({ attempts: 2 });
    await expect(retry(failingTimes(5), run)).rejects.toThrow('failure 2');
    expect(run.waits).toEqual([10]);
  });

  it('throws a failure that is not retryable at once', async () => {
    const run = options({ isRetryable: (error) => !(error instanceof Permanent) });
    await expect(retry(() => Promise.reject(new Permanent('no')), run)).rejects.toBeInstanceOf(Permanent);
    expect(run.waits).toEqual([]);
  });

  it('tells onRetry each failure, its attempt and the wait that follows', async () => {
    const told: Array<[string, number, number]> = [];
    const run = options({
      onRetry: (error, attempt, delayMs) => told.push([(error as Error).message, attempt, delayMs]),
    });
    await retry(failingTimes(2), run);
    expect(told).toEqual([
      ['failure 1', 1, 10],
      ['failure 2', 2, 20],
    ]);
  });
});
