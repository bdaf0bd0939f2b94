import {
  ConnectionError,
  NoRespondersError as NatsNoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';
import type { RetryOptions } from '../retry/retry';

/** How often and how patiently a durable publish (and JetStream provisioning) is tried. */
export type RetryBound = Pick<RetryOptions, 'attempts' | 'backoff'>;

/**
 * Enough to ride out a server restart or a JetStream leader election (seconds), short enough that a
 * caller with a real outage hears about it. Retrying is safe because the message id de-duplicates.
 */
export const DEFAULT_DURABLE_PUBLISH_RETRY: RetryBound = {
  attempts: 6,
  // Doubling from 250 ms to at most 4 s; at least half of each wait is kept so a retry never comes back at once.
  backoff: { initialMs: 250, multiplier: 2, maxMs: 4000, jitter: { kind: 'equal' } },
};

/** Failures that a later attempt may not see: no ack in time, no stream leader yet, connection trouble. */
export function isTransientPublishError(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (
      current instanceof TimeoutError ||
      current instanceof NatsNoRespondersError ||
      current instanceof RequestError ||
      current instanceof ConnectionError
    ) {
      return true;
    }
  }
  return false;
}

/** Publishing kept failing transiently for the whole bound. */
export class DurablePublishError extends Error {
  override readonly name = 'DurablePublishError';

  constructor(
    readonly subject: string,
    readonly messageId: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      `JetStream publish of ${messageId} on ${subject} failed after ${attempts} attempt(s): ${(cause as Error).message}`,
      { cause },
    );
  }
}
