import { setTimeout as sleep } from 'node:timers/promises';
import { delayFor, type BackoffPolicy } from './backoff-policy';

export interface RetryOptions {
  /** Attempts in all, the first included; at least 1. */
  attempts: number;
  backoff: BackoffPolicy;
  /** Whether a failure may pass on a later attempt; one that cannot is thrown at once. Default: every failure may. */
  isRetryable?: (error: unknown) => boolean;
  /** Told before each wait, e.g. to log that a retry follows. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Tests replace the clock and the chance. */
  sleep?: (ms: number) => Promise<unknown>;
  random?: () => number;
}

/**
 * Runs `operation` until it resolves, waiting `options.backoff` between failed attempts; throws the last
 * failure once `attempts` ran, or at once a failure that `isRetryable` rejects. `operation` is told its
 * attempt number (from 1).
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const { attempts, backoff, isRetryable = () => true, onRetry, random = Math.random } = options;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delayMs = delayFor(backoff, attempt, random);
      onRetry?.(error, attempt, delayMs);
      await wait(delayMs);
    }
  }
}
