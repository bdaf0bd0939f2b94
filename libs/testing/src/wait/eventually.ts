import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Said in the error when the condition never held, before the probe's last failure. */
  message?: string;
  /** Stops polling early; the wait then rejects with the signal's reason. */
  signal?: AbortSignal;
}

export class EventuallyTimeoutError extends Error {
  constructor(
    message: string,
    readonly lastFailure: unknown,
  ) {
    super(message);
    this.name = 'EventuallyTimeoutError';
  }
}

/**
 * Polls `probe` until it returns without throwing and its result is neither `false` nor `undefined`,
 * and resolves with that result. Tests wait for conditions this way instead of sleeping for a fixed
 * time, so they are generous on a slow machine and fast on a quick one.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, message = 'condition did not hold', signal }: EventuallyOptions = {},
): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let lastFailure: unknown = 'probe returned false/undefined';
  for (;;) {
    signal?.throwIfAborted();
    try {
      const result = await probe();
      if (result !== false && result !== undefined) return result as Exclude<T, false | undefined>;
    } catch (error) {
      lastFailure = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastFailure instanceof Error ? lastFailure.message : String(lastFailure);
      throw new EventuallyTimeoutError(`${message} within ${timeoutMs} ms (last: ${detail})`, lastFailure);
    }
    await sleep(intervalMs, undefined, { signal });
  }
}
