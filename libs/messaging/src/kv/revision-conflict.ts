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

/** `create` on a key that exists fails with a wrong-last-sequence error on some servers, a plain Error on others. */
export function isKeyExists(error: unknown): boolean {
  return error instanceof Error && /wrong last sequence|key exists/i.test(error.message);
}

/** Either kind of lost compare-and-set: a conditional update or a create beaten by another writer. */
export function isWriteConflict(error: unknown): boolean {
  return isRevisionConflict(error) || isKeyExists(error);
}
