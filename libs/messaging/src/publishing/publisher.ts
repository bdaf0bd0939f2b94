import { context as otelContext, type Span } from '@opentelemetry/api';
import {
  NoRespondersError as NatsNoRespondersError,
  RequestError,
  TimeoutError,
  type Msg,
} from '@nats-io/nats-core';
import { RemoteError, messageTypeOf, type EnvelopeAttributes, type MessageClass } from '@warden/contracts';
import type { MessageCodec } from '../codec/message-codec';
import type { NatsClient } from '../connection/nats-client';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import { recordSpanError, setMessageId, type MessagingTracer } from '../tracing/messaging-tracer';
import { retry } from '../retry/retry';
import {
  DEFAULT_DURABLE_PUBLISH_RETRY,
  DurablePublishError,
  isTransientPublishError,
  type RetryBound,
} from './durable-publish-retry';
import {
  NoRespondersError,
  RemoteHandlerError,
  RemoteValidationError,
  RequestTimeoutError,
} from './request-errors';

export interface PublishOptions {
  /** A caller-chosen `ce-id` makes a retried business operation de-duplicate too (e.g. derived from a domain key). */
  id?: string;
  correlationId?: string;
  causationId?: string;
}

export interface RequestOptions extends PublishOptions {
  timeoutMs: number;
}

export interface DurablePublishResult {
  attributes: EnvelopeAttributes;
  stream: string;
  sequence: number;
  /** True when JetStream already had this id within its duplicate window and stored nothing. */
  duplicate: boolean;
}

/** Validates, encodes and sends typed messages: core publish, JetStream publish, and request/reply. */
export class Publisher {
  constructor(
    private readonly client: NatsClient,
    private readonly service: string,
    private readonly codec: MessageCodec,
    private readonly metrics: MessagingMetrics,
    private readonly tracer: MessagingTracer,
    private readonly retry: RetryBound = DEFAULT_DURABLE_PUBLISH_RETRY,
  ) {}

  /** Fire-and-forget on core NATS, for high-rate traffic that tolerates loss (heartbeats). */
  publish<T extends object>(
    subject: string,
    messageClass: MessageClass<T>,
    payload: T,
    options: PublishOptions = {},
  ): EnvelopeAttributes {
    return this.traced(subject, 'publish', (span) => {
      const encoded = this.codec.encode(
        messageClass,
        payload,
        { ...options, source: this.service },
        otelContext.active(),
      );
      setMessageId(span, encoded.attributes.id);
      this.client.connection.publish(subject, encoded.data, { headers: encoded.headers });
      this.metrics.recordPublished(encoded.attributes.type, 'core');
      return encoded.attributes;
    });
  }

  /**
   * Stores the message in its stream and resolves once JetStream acknowledged it. Transient failures
   * are retried within the bound under the same `Nats-Msg-Id`, so a retry never stores a second copy.
   */
  async publishDurable<T extends object>(
    subject: string,
    messageClass: MessageClass<T>,
    payload: T,
    options: PublishOptions = {},
  ): Promise<DurablePublishResult> {
    return this.traced(subject, 'publish', async (span) => {
      const encoded = this.codec.encode(
        messageClass,
        payload,
        { ...options, source: this.service },
        otelContext.active(),
      );
      const id = encoded.attributes.id;
      setMessageId(span, id);
      let attempts = 0;
      try {
        const ack = await retry(
          (attempt) => {
            attempts = attempt;
            return this.client.jetstream.publish(subject, encoded.data, {
              msgID: id,
              headers: encoded.headers,
            });
          },
          { ...this.retry, isRetryable: isTransientPublishError },
        );
        this.metrics.recordPublished(encoded.attributes.type, 'jetstream');
        return {
          attributes: encoded.attributes,
          stream: ack.stream,
          sequence: ack.seq,
          duplicate: ack.duplicate,
        };
      } catch (error) {
        throw new DurablePublishError(subject, id, attempts, error);
      }
    });
  }

  /**
   * Typed request/reply. The responder answers with `responseClass` or with the contracts'
   * `RemoteError`, which becomes RemoteValidationError or RemoteHandlerError here.
   */
  async request<Req extends object, Res extends object>(
    subject: string,
    requestClass: MessageClass<Req>,
    request: Req,
    responseClass: MessageClass<Res>,
    options: RequestOptions,
  ): Promise<Res> {
    return this.traced(subject, 'request', async (span) => {
      const encoded = this.codec.encode(
        requestClass,
        request,
        { ...options, source: this.service },
        otelContext.active(),
      );
      setMessageId(span, encoded.attributes.id);
      const reply = await this.send(subject, encoded.data, encoded.headers, options.timeoutMs);
      this.metrics.recordPublished(encoded.attributes.type, 'core');
      const accepted = {
        [messageTypeOf(responseClass)]: responseClass,
        [messageTypeOf(RemoteError)]: RemoteError,
      };
      const decoded = this.codec.decode<Res | RemoteError>(reply, accepted);
      if (decoded.payload instanceof RemoteError) throw remoteFailure(subject, decoded.payload);
      return decoded.payload;
    });
  }

  private async send(
    subject: string,
    data: Uint8Array,
    headers: Msg['headers'],
    timeoutMs: number,
  ): Promise<Msg> {
    try {
      return await this.client.connection.request(subject, data, { timeout: timeoutMs, headers });
    } catch (error) {
      throw requestFailure(subject, timeoutMs, error);
    }
  }

  /** Runs `operation` inside a PRODUCER/CLIENT span (so the codec injects its context) and ends the span either way. */
  private traced<R>(subject: string, kind: 'publish' | 'request', operation: (span: Span) => R): R {
    const { span, context } = this.tracer.startSend(subject, kind);
    const fail = (error: unknown): never => {
      recordSpanError(span, error);
      span.end();
      throw error;
    };
    try {
      const result = otelContext.with(context, () => operation(span));
      if (result instanceof Promise) {
        return result.then((value: unknown) => {
          span.end();
          return value;
        }, fail) as R;
      }
      span.end();
      return result;
    } catch (error) {
      return fail(error);
    }
  }
}

function requestFailure(subject: string, timeoutMs: number, error: unknown): Error {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof TimeoutError) return new RequestTimeoutError(subject, timeoutMs, { cause: error });
    if (
      current instanceof NatsNoRespondersError ||
      (current instanceof RequestError && current.isNoResponders())
    ) {
      return new NoRespondersError(subject, { cause: error });
    }
  }
  return error instanceof Error ? error : new Error(String(error));
}

function remoteFailure(subject: string, remote: RemoteError): Error {
  if (remote.code === 'validation')
    return new RemoteValidationError(subject, remote.issues, remote.respondedBy, remote.message);
  return new RemoteHandlerError(subject, remote.code, remote.respondedBy, remote.message);
}
