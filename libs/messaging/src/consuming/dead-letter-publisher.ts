import type { MsgHdrs } from '@nats-io/nats-core';
import {
  DEAD_LETTER_BODY_MAX_BYTES,
  DEAD_LETTER_PREVIEW_MAX_CHARS,
  CloudEventHeader,
  DeadLetter,
  Subjects,
  type DeadLetterReason,
} from '@warden/contracts';
import { DecodeError } from '../codec/decode-error';
import type { IncomingMessage } from '../codec/message-codec';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { Publisher } from '../publishing/publisher';

/** One line of a dead letter's `errors`: a validation issue or an error's name and message. */
export interface FailureDetail {
  path: string;
  constraint: string;
  message: string;
}

/** Where a JetStream message came from, so the dead letter can point back at it. */
export interface JetStreamOrigin {
  stream: string;
  streamSequence: number;
  consumer: string;
}

export interface DeadLetterRequest {
  message: IncomingMessage;
  /** The subscription's subject pattern, the metric label. */
  subscription: string;
  reason: DeadLetterReason;
  errors: readonly FailureDetail[];
  deliveryCount: number;
  origin?: JetStreamOrigin;
}

const MAX_HEADERS = 256;
const MAX_HEADER_VALUE_CHARS = 8 * 1024;
const MAX_ERRORS = 100;
const MAX_ERROR_MESSAGE_CHARS = 4096;
const MAX_CONSTRAINT_CHARS = 128;
const MAX_PATH_CHARS = 512;

/**
 * Writes `DeadLetter` records to `dlq.<service>` on JetStream (the DLQ stream), awaiting the ack, and
 * counts them. Callers remove the original from its source only after this resolves, so a message is
 * never lost between the two.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly service: string,
    private readonly publisher: Publisher,
    private readonly metrics: MessagingMetrics,
  ) {}

  async publish(request: DeadLetterRequest): Promise<void> {
    await this.publisher.publishDurable(Subjects.dlq(this.service), DeadLetter, this.toDeadLetter(request), {
      causationId: request.message.headers?.get(CloudEventHeader.Id) || undefined,
    });
    this.metrics.recordDeadLettered(request.subscription, request.reason);
  }

  private toDeadLetter(request: DeadLetterRequest): DeadLetter {
    const body = request.message.data;
    const kept = body.subarray(0, DEAD_LETTER_BODY_MAX_BYTES);
    const deadLetter = new DeadLetter();
    deadLetter.service = this.service;
    deadLetter.originalSubject = request.message.subject;
    deadLetter.headers = headerList(request.message.headers);
    deadLetter.bodyBase64 = Buffer.from(kept).toString('base64');
    deadLetter.bodyPreview = Buffer.from(body.subarray(0, DEAD_LETTER_PREVIEW_MAX_CHARS))
      .toString('utf8')
      .slice(0, DEAD_LETTER_PREVIEW_MAX_CHARS);
    deadLetter.bodyBytes = body.byteLength;
    deadLetter.bodyTruncated = kept.byteLength < body.byteLength;
    deadLetter.reason = request.reason;
    deadLetter.errors = request.errors.slice(0, MAX_ERRORS).map(boundedDetail);
    deadLetter.deliveryCount = Math.max(1, request.deliveryCount);
    if (request.origin) {
      deadLetter.stream = request.origin.stream;
      deadLetter.streamSequence = request.origin.streamSequence;
      deadLetter.consumer = request.origin.consumer;
    }
    deadLetter.receivedAt = new Date().toISOString();
    return deadLetter;
  }
}

/** The errors of a failed decode: its validation issues, or one line describing why the bytes were unreadable. */
export function decodeFailureDetails(error: DecodeError): FailureDetail[] {
  if (error.issues.length > 0) return error.issues.map((issue) => ({ ...issue }));
  return [{ path: '', constraint: error.reason, message: error.detail }];
}

/** A handler error as one dead-letter line; also reads the `{ status, message }` objects NestJS turns errors into. */
export function errorDetail(error: unknown): FailureDetail {
  if (error instanceof Error)
    return { path: '', constraint: error.name || 'Error', message: error.message || error.name || 'Error' };
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return {
      path: '',
      constraint: 'thrown',
      message: (error as { message: string }).message || 'unknown error',
    };
  }
  return { path: '', constraint: 'thrown', message: String(error) || 'unknown error' };
}

function headerList(headers: MsgHdrs | undefined): DeadLetter['headers'] {
  if (!headers) return [];
  const list: DeadLetter['headers'] = [];
  for (const [name, values] of headers) {
    for (const value of values) list.push({ name, value: value.slice(0, MAX_HEADER_VALUE_CHARS) });
  }
  return list.slice(0, MAX_HEADERS);
}

function boundedDetail(detail: FailureDetail): FailureDetail {
  return {
    path: detail.path.slice(0, MAX_PATH_CHARS),
    constraint: (detail.constraint || 'error').slice(0, MAX_CONSTRAINT_CHARS),
    message: (detail.message || 'no message').slice(0, MAX_ERROR_MESSAGE_CHARS),
  };
}
