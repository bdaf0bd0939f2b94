import type { ValidationIssue } from '@warden/contracts';

/** Why an incoming message could not become a typed payload: unreadable envelope/body, or a body that broke the class's rules. */
export type DecodeFailureReason = 'decode' | 'validation';

/** An incoming message that cannot be handed to a handler; carries what is needed to dead-letter it. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    readonly reason: DecodeFailureReason,
    readonly subject: string,
    readonly detail: string,
    readonly issues: readonly ValidationIssue[] = [],
    readonly messageType?: string,
  ) {
    super(`Cannot decode message on ${subject}${messageType ? ` (${messageType})` : ''}: ${detail}`);
  }
}
