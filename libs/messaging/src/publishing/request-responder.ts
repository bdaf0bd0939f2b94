import { context as otelContext } from '@opentelemetry/api';
import type { Msg } from '@nats-io/nats-core';
import {
  RemoteError,
  type MessageClass,
  type RemoteErrorCode,
  type ValidationIssue,
} from '@warden/contracts';
import { DecodeError } from '../codec/decode-error';
import type { DecodedMessage, ExpectedMessage } from '../codec/message-codec';
import { errorDetail } from '../consuming/dead-letter-publisher';
import { CoreSubscription } from '../consuming/core-subscription';
import type { MessageContext } from '../consuming/message-context';
import type { MessagingRuntime } from '../runtime/messaging-runtime';
import { recordSpanError } from '../tracing/messaging-tracer';
import { RequestRejectedError } from './request-rejected-error';

export type RequestHandler<Req extends object, Res extends object> = (
  request: Req,
  context: MessageContext,
) => Promise<Res> | Res;

export interface ServeRequestsOptions {
  /** Defaults to the service name, so one replica answers each request. */
  queue?: string;
  concurrency?: number;
}

export const REQUEST_DEFAULT_CONCURRENCY = 32;
const MAX_REMOTE_MESSAGE_CHARS = 4096;

/**
 * Answers typed requests on a core queue subscription. The reply is the handler's result, encoded
 * with its own message class, or a `RemoteError`: `validation` with the issues when the request is
 * invalid, the code of a RequestRejectedError, or `internal` when the handler throws anything else.
 */
export function serveRequests<Req extends object, Res extends object>(
  runtime: MessagingRuntime,
  subject: string,
  requestClass: ExpectedMessage<Req>,
  handler: RequestHandler<Req, Res>,
  options: ServeRequestsOptions = {},
): CoreSubscription {
  const queue = options.queue ?? runtime.service;
  const reply = (
    message: Msg,
    messageClass: MessageClass<object>,
    payload: object,
    causationId?: string,
  ): void => {
    if (!message.reply) return;
    const encoded = runtime.codec.encode(messageClass, payload, { source: runtime.service, causationId });
    message.respond(encoded.data, { headers: encoded.headers });
  };
  const replyError = (
    message: Msg,
    code: RemoteErrorCode,
    detail: string,
    issues: readonly ValidationIssue[],
    requestType?: string,
    causationId?: string,
  ): void => {
    const error = new RemoteError();
    error.code = code;
    error.message = (detail || code).slice(0, MAX_REMOTE_MESSAGE_CHARS);
    error.issues = issues.slice(0, 100).map((issue) => ({ ...issue }));
    error.requestType = requestType;
    error.respondedBy = runtime.service;
    reply(message, RemoteError, error, causationId);
  };

  const process = async (message: Msg): Promise<void> => {
    let decoded: DecodedMessage<Req>;
    try {
      decoded = runtime.codec.decode(message, requestClass);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      runtime.metrics.recordHandled(subject, 0, false);
      replyError(
        message,
        'validation',
        error.detail,
        error.reason === 'validation' ? error.issues : [],
        error.messageType,
      );
      return;
    }
    const { span, context } = runtime.tracer.startReceive('serve', decoded.traceContext, {
      subject: message.subject,
      subscription: subject,
      messageId: decoded.attributes.id,
      consumerGroup: queue,
      bodyBytes: message.data.byteLength,
    });
    const started = performance.now();
    try {
      const response = await otelContext.with(context, () =>
        handler(decoded.payload, {
          attributes: decoded.attributes,
          subject: message.subject,
          deliveryCount: 1,
          span,
        }),
      );
      runtime.metrics.recordHandled(subject, (performance.now() - started) / 1000, true);
      otelContext.with(context, () =>
        reply(message, response.constructor as MessageClass<Res>, response, decoded.attributes.id),
      );
    } catch (error) {
      runtime.metrics.recordHandled(subject, (performance.now() - started) / 1000, false);
      recordSpanError(span, error);
      const code = error instanceof RequestRejectedError ? error.code : 'internal';
      if (code === 'internal')
        runtime.logger.error(
          { err: error, subject: message.subject, id: decoded.attributes.id },
          'Request handler failed',
        );
      replyError(
        message,
        code,
        errorDetail(error).message,
        [],
        decoded.attributes.type,
        decoded.attributes.id,
      );
    } finally {
      span.end();
    }
  };
  return new CoreSubscription(
    runtime.client,
    subject,
    { queue, concurrency: options.concurrency ?? REQUEST_DEFAULT_CONCURRENCY },
    process,
    runtime.logger,
  );
}
