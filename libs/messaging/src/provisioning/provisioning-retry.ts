import { retry } from '../retry/retry';
import {
  DEFAULT_DURABLE_PUBLISH_RETRY,
  isTransientPublishError,
  type RetryBound,
} from '../publishing/durable-publish-retry';

/**
 * A service that starts while JetStream is still electing its meta leader, or while a fresh cluster is busy
 * creating other replicas' streams, sees its stream API request time out. That is no reason to exit: the
 * same bound as a durable publish rides it out. Provisioning is idempotent — a create that timed out but
 * happened is found on the next attempt and compared, not created twice.
 */
export function provisionWithRetry<T>(
  provision: () => Promise<T>,
  onRetry: (error: Error, attempt: number) => void,
  bound: RetryBound = DEFAULT_DURABLE_PUBLISH_RETRY,
): Promise<T> {
  return retry(provision, {
    ...bound,
    isRetryable: isTransientPublishError,
    onRetry: (error, attempt) => onRetry(error as Error, attempt),
  });
}
