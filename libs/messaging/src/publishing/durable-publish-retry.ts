import {
  ConnectionError,
  NoRespondersError as NatsNoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';

export interface RetryBound {
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * Enough to ride out a server restart or a JetStream leader election (seconds), short enough that a
 * caller with a real outage hears about it. Retrying is safe because the message id de-duplicates.
 */
export const DEFAULT_DURABLE_PUBLISH_RETRY: RetryBound = {
  attempts: 6,
  initialDelayMs: 250,
  maxDelayMs: 4000,
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

/** Delay before attempt `attempt + 1` (attempt counts from 1): doubling, capped, with full jitter in the upper half. */
export function retryDelayMs(bound: RetryBound, attempt: number): number {
  const ceiling = Math.min(bound.maxDelayMs, bound.initialDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
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
