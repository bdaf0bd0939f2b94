import { context as otelContext } from '@opentelemetry/api';
import type { Msg } from '@nats-io/nats-core';
import { DecodeError } from '../codec/decode-error';
import type { DecodedMessage, ExpectedMessage } from '../codec/message-codec';
import type { MessagingRuntime } from '../runtime/messaging-runtime';
import { recordSpanError } from '../tracing/messaging-tracer';
import { CoreSubscription } from './core-subscription';
import { decodeFailureDetails } from './dead-letter-publisher';
import type { MessageHandler } from './message-context';

export interface CoreEventOptions {
  /** Defaults to the service name, so the service's replicas share the messages. */
  queue?: string;
  concurrency?: number;
}

export const CORE_EVENT_DEFAULT_CONCURRENCY = 8;

/**
 * Handles core NATS events (loss-tolerant traffic such as heartbeats). Invalid messages are
 * dead-lettered like JetStream ones; a handler error is logged and counted, because core NATS has no
 * redelivery and the next message of such traffic supersedes this one.
 */
export function subscribeCoreEvents<T extends object>(
  runtime: MessagingRuntime,
  subject: string,
  messageClass: ExpectedMessage<T>,
  handler: MessageHandler<T>,
  options: CoreEventOptions = {},
): CoreSubscription {
  const process = async (message: Msg): Promise<void> => {
    let decoded: DecodedMessage<T>;
    try {
      decoded = runtime.codec.decode(message, messageClass);
    } catch (error) {
      const failure =
        error instanceof DecodeError ? error : new DecodeError('decode', message.subject, String(error));
      await deadLetter(runtime, subject, message, failure);
      return;
    }
    const { span, context } = runtime.tracer.startReceive('process', decoded.traceContext, {
      subject: message.subject,
      subscription: subject,
      messageId: decoded.attributes.id,
      consumerGroup: options.queue ?? runtime.service,
      bodyBytes: message.data.byteLength,
    });
    const started = performance.now();
    try {
      await otelContext.with(context, () =>
        handler(decoded.payload, {
          attributes: decoded.attributes,
          subject: message.subject,
          deliveryCount: 1,
          span,
        }),
      );
      runtime.metrics.recordHandled(subject, (performance.now() - started) / 1000, true);
    } catch (error) {
      runtime.metrics.recordHandled(subject, (performance.now() - started) / 1000, false);
      recordSpanError(span, error);
      runtime.logger.warn(
        { err: error, subject: message.subject, id: decoded.attributes.id },
        'Core event handler failed',
      );
    } finally {
      span.end();
    }
  };
  return new CoreSubscription(
    runtime.client,
    subject,
    {
      queue: options.queue ?? runtime.service,
      concurrency: options.concurrency ?? CORE_EVENT_DEFAULT_CONCURRENCY,
    },
    process,
    runtime.logger,
  );
}

async function deadLetter(
  runtime: MessagingRuntime,
  subscription: string,
  message: Msg,
  failure: DecodeError,
): Promise<void> {
  const errors = decodeFailureDetails(failure);
  try {
    await runtime.deadLetters.publish({
      message,
      subscription,
      reason: failure.reason,
      errors,
      deliveryCount: 1,
    });
    runtime.logger.warn(
      { subject: message.subject, reason: failure.reason, errors },
      'Message dead-lettered',
    );
  } catch (error) {
    // Core NATS cannot hold the message for a retry; the log line is its last trace.
    runtime.logger.error(
      { err: error, subject: message.subject, reason: failure.reason, errors },
      'Dead-lettering a core message failed',
    );
  }
}
