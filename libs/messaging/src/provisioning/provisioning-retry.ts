import {
  DEFAULT_DURABLE_PUBLISH_RETRY,
  isTransientPublishError,
  retryDelayMs,
  type RetryBound,
} from '../publishing/durable-publish-retry';

/**
 * A service that starts while JetStream is still electing its meta leader, or while a fresh cluster is busy
 * creating other replicas' streams, sees its stream API request time out. That is no reason to exit: the
 * same bound as a durable publish rides it out. Provisioning is idempotent — a create that timed out but
 * happened is found on the next attempt and compared, not created twice.
 */
export async function provisionWithRetry<T>(
  provision: () => Promise<T>,
  onRetry: (error: Error, attempt: number) => void,
  bound: RetryBound = DEFAULT_DURABLE_PUBLISH_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await provision();
    } catch (error) {
      if (!isTransientPublishError(error) || attempt >= bound.attempts) throw error;
      onRetry(error as Error, attempt);
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(bound, attempt)));
    }
  }
}
