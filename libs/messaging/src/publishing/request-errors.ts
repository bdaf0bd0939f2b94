import type { ValidationIssue } from '@warden/contracts';

/** Base of every failure of a typed request, so callers can catch them together. */
export abstract class RequestFailedError extends Error {
  constructor(
    readonly subject: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class RequestTimeoutError extends RequestFailedError {
  override readonly name = 'RequestTimeoutError';

  constructor(
    subject: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(subject, `No reply on ${subject} within ${timeoutMs} ms`, options);
  }
}

/** Nobody subscribes to the subject: fails fast instead of waiting for the timeout. */
export class NoRespondersError extends RequestFailedError {
  override readonly name = 'NoRespondersError';

  constructor(subject: string, options?: ErrorOptions) {
    super(subject, `No responders on ${subject}`, options);
  }
}

/** The responder rejected the request as invalid; `issues` says which fields and why. */
export class RemoteValidationError extends RequestFailedError {
  override readonly name = 'RemoteValidationError';

  constructor(
    subject: string,
    readonly issues: readonly ValidationIssue[],
    readonly respondedBy: string,
    detail: string,
  ) {
    super(subject, `Request on ${subject} rejected by ${respondedBy} as invalid: ${detail}`);
  }
}

/** The responder could not answer: `code` is one of the contracts' remote error codes. */
export class RemoteHandlerError extends RequestFailedError {
  override readonly name = 'RemoteHandlerError';

  constructor(
    subject: string,
    readonly code: string,
    readonly respondedBy: string,
    readonly remoteMessage: string,
  ) {
    super(subject, `Request on ${subject} failed at ${respondedBy} (${code}): ${remoteMessage}`);
  }
}
