import { TimeoutError } from '@nats-io/nats-core';
import { provisionWithRetry } from './provisioning-retry';

const FAST = {
  attempts: 3,
  backoff: { initialMs: 1, multiplier: 2, maxMs: 2, jitter: { kind: 'equal' } },
} as const;

describe('provisionWithRetry', () => {
  it('rides out a JetStream API timeout (meta leader not elected yet) and returns the result', async () => {
    const retried: number[] = [];
    let calls = 0;
    const result = await provisionWithRetry(
      async () => {
        calls++;
        if (calls < 3) throw new TimeoutError();
        return 'created';
      },
      (_error, attempt) => retried.push(attempt),
      FAST,
    );
    expect(result).toBe('created');
    expect(retried).toEqual([1, 2]);
  });

  it('gives up after the bound, with the last error', async () => {
    let calls = 0;
    const failing = provisionWithRetry(
      () => {
        calls++;
        return Promise.reject(new TimeoutError());
      },
      () => undefined,
      FAST,
    );
    await expect(failing).rejects.toBeInstanceOf(TimeoutError);
    expect(calls).toBe(3);
  });

  it('does not retry a configuration conflict', async () => {
    let calls = 0;
    const conflict = new Error('stream storage cannot change');
    await expect(
      provisionWithRetry(
        () => {
          calls++;
          return Promise.reject(conflict);
        },
        () => undefined,
        FAST,
      ),
    ).rejects.toBe(conflict);
    expect(calls).toBe(1);
  });
});
