import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';

/**
 * True when a KV compare-and-set (`create`, `update` or `delete` with a previous revision) failed because
 * the key is not at the expected revision: someone else wrote it first. Any other error is transient.
 */
export function isRevisionConflict(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}
