import type { RemoteErrorCode } from '@warden/contracts';

/**
 * Thrown by a request handler to answer with a specific remote error code (`not-found`, `conflict`,
 * `stale-fencing-token`…) instead of `internal`.
 */
export class RequestRejectedError extends Error {
  override readonly name = 'RequestRejectedError';

  constructor(
    readonly code: Exclude<RemoteErrorCode, 'validation'>,
    message: string,
  ) {
    super(message);
  }
}
