import type { Span } from '@opentelemetry/api';
import type { EnvelopeAttributes } from '@warden/contracts';

/** What a handler knows about the message besides its payload. */
export interface MessageContext {
  /** CloudEvents attributes (`ce-*`): id for idempotency keys, source, type, time, correlation. */
  attributes: EnvelopeAttributes;
  /** The concrete subject the message arrived on (the subscription may be a wildcard). */
  subject: string;
  /** 1 on first delivery; JetStream counts redeliveries, core NATS always reports 1. */
  deliveryCount: number;
  /** The message's sequence in its stream (JetStream only), so a handler can re-read it later. */
  streamSequence?: number;
  /** The CONSUMER/SERVER span of this delivery; children started in the handler nest under it. */
  span: Span;
}

export type MessageHandler<T extends object> = (payload: T, context: MessageContext) => Promise<void> | void;

/**
 * Thrown by a handler when retrying cannot help (the message is well-formed but can never be
 * processed): the message goes to the dead-letter stream at once with reason `handler`.
 */
export class UnrecoverableMessageError extends Error {
  override readonly name = 'UnrecoverableMessageError';
}
