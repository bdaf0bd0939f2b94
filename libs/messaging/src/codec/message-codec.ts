import { context as otelContext, propagation, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import {
  CLOUD_EVENTS_SPEC_VERSION,
  CloudEventHeader,
  HeaderValueEncodingError,
  MESSAGE_DATA_CONTENT_TYPE,
  MessageValidationError,
  NATS_MSG_ID_HEADER,
  decodeHeaderValue,
  encodeHeaderValue,
  maxBytesOf,
  messageClassOf,
  messageTypeOf,
  newEventId,
  parseMessage,
  type EnvelopeAttributes,
  type MessageClass,
} from '@warden/contracts';
import { DecodeError } from './decode-error';
import { MessageTooLargeError } from './message-too-large-error';
import { natsHeadersGetter, natsHeadersSetter } from './nats-headers-carrier';

/** What the sender states about a message; the codec fills in id, time, type and spec version. */
export interface OutgoingEnvelope {
  source: string;
  id?: string;
  time?: Date;
  correlationId?: string;
  causationId?: string;
}

export interface EncodedMessage {
  attributes: EnvelopeAttributes;
  headers: MsgHdrs;
  data: Uint8Array;
}

/** The parts of a NATS message (core or JetStream) the codec reads. */
export interface IncomingMessage {
  subject: string;
  data: Uint8Array;
  headers?: MsgHdrs;
}

/** Accepted classes keyed by `ce-type`, for consumers that take several types or versions on one subject. */
export type MessageClassMap = Readonly<Record<string, MessageClass<object>>>;

/** A single class, a map by `ce-type`, or nothing to look the type up in the contracts registry. */
export type ExpectedMessage<T extends object> = MessageClass<T> | MessageClassMap | undefined;

export interface DecodedMessage<T extends object> {
  attributes: EnvelopeAttributes;
  payload: T;
  /** Extracted W3C trace context of the sender (the root context when the message carried none). */
  traceContext: Context;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The one place where message classes become NATS messages and back: CloudEvents binary mode (`ce-*`
 * headers), `Nats-Msg-Id` = `ce-id` for JetStream de-duplication, W3C trace context, JSON body.
 * Both directions validate against the class, so what is on the wire is exactly what was checked.
 */
export class MessageCodec {
  encode<T extends object>(
    messageClass: MessageClass<T>,
    payload: T,
    envelope: OutgoingEnvelope,
    traceContext: Context = otelContext.active(),
  ): EncodedMessage {
    const type = messageTypeOf(messageClass);
    const body = JSON.stringify(payload);
    const data = encoder.encode(body);
    const maxBytes = maxBytesOf(messageClass);
    if (data.byteLength > maxBytes) throw new MessageTooLargeError(type, data.byteLength, maxBytes);
    // Validating the serialised form (not the object) is what guarantees receivers can parse it back.
    parseMessage(messageClass, JSON.parse(body) as unknown);

    const attributes: EnvelopeAttributes = {
      specversion: CLOUD_EVENTS_SPEC_VERSION,
      id: envelope.id ?? newEventId(),
      source: envelope.source,
      type,
      time: (envelope.time ?? new Date()).toISOString(),
      correlationId: envelope.correlationId,
      causationId: envelope.causationId,
    };
    const headers = natsHeaders();
    writeEnvelope(headers, attributes);
    propagation.inject(traceContext, headers, natsHeadersSetter);
    return { attributes, headers, data };
  }

  /** @throws DecodeError with reason `decode` (envelope, type or JSON) or `validation` (with the issues). */
  decode<T extends object>(message: IncomingMessage, expected?: ExpectedMessage<T>): DecodedMessage<T> {
    const attributes = readEnvelope(message);
    const messageClass = resolveClass(message.subject, attributes.type, expected);
    const maxBytes = maxBytesOf(messageClass);
    if (message.data.byteLength > maxBytes) {
      const detail = `body is ${message.data.byteLength} bytes, above the limit of ${maxBytes}`;
      throw new DecodeError(
        'validation',
        message.subject,
        detail,
        [{ path: '', constraint: 'maxBytes', message: detail }],
        attributes.type,
      );
    }
    const plain = parseJson(message, attributes.type);
    try {
      const payload = parseMessage(messageClass, plain);
      const traceContext = propagation.extract(otelContext.active(), message.headers, natsHeadersGetter);
      return { attributes, payload, traceContext };
    } catch (error) {
      if (error instanceof MessageValidationError) {
        throw new DecodeError('validation', message.subject, error.message, error.issues, attributes.type);
      }
      throw error;
    }
  }
}

function writeEnvelope(headers: MsgHdrs, attributes: EnvelopeAttributes): void {
  const set = (name: string, value: string | undefined): void => {
    if (value) headers.set(name, encodeHeaderValue(value));
  };
  set(CloudEventHeader.SpecVersion, attributes.specversion);
  set(CloudEventHeader.Id, attributes.id);
  set(CloudEventHeader.Source, attributes.source);
  set(CloudEventHeader.Type, attributes.type);
  set(CloudEventHeader.Time, attributes.time);
  set(CloudEventHeader.DataContentType, MESSAGE_DATA_CONTENT_TYPE);
  set(CloudEventHeader.CorrelationId, attributes.correlationId);
  set(CloudEventHeader.CausationId, attributes.causationId);
  // JetStream compares the raw header, so it carries the id exactly as `ce-id` holds it.
  headers.set(NATS_MSG_ID_HEADER, encodeHeaderValue(attributes.id));
}

const REQUIRED_HEADERS = [
  CloudEventHeader.SpecVersion,
  CloudEventHeader.Id,
  CloudEventHeader.Source,
  CloudEventHeader.Type,
  CloudEventHeader.Time,
] as const;

/**
 * The first value of every header, read in one pass: MsgHdrs looks a name up by scanning all its keys,
 * and a heartbeat's decode asks for a dozen names, so one Map is several times cheaper on the hot path.
 */
function firstHeaderValues(headers: MsgHdrs | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (!headers) return values;
  for (const [name, list] of headers) values.set(name, list[0] ?? '');
  return values;
}

function readEnvelope(message: IncomingMessage): EnvelopeAttributes {
  const headers = firstHeaderValues(message.headers);
  const missing = REQUIRED_HEADERS.filter((name) => !headers.get(name));
  if (missing.length > 0) {
    throw new DecodeError('decode', message.subject, `missing CloudEvents headers: ${missing.join(', ')}`);
  }
  try {
    const read = (name: string): string | undefined => {
      const raw = headers.get(name);
      return raw === undefined ? undefined : decodeHeaderValue(raw);
    };
    const type = read(CloudEventHeader.Type) ?? '';
    const specversion = read(CloudEventHeader.SpecVersion);
    if (specversion !== CLOUD_EVENTS_SPEC_VERSION) {
      throw new DecodeError(
        'decode',
        message.subject,
        `unsupported CloudEvents specversion ${specversion}`,
        [],
        type,
      );
    }
    const contentType = read(CloudEventHeader.DataContentType);
    if (contentType !== undefined && contentType !== MESSAGE_DATA_CONTENT_TYPE) {
      throw new DecodeError('decode', message.subject, `unsupported content type ${contentType}`, [], type);
    }
    return {
      specversion,
      id: read(CloudEventHeader.Id) ?? '',
      source: read(CloudEventHeader.Source) ?? '',
      type,
      time: read(CloudEventHeader.Time) ?? '',
      correlationId: read(CloudEventHeader.CorrelationId) || undefined,
      causationId: read(CloudEventHeader.CausationId) || undefined,
    };
  } catch (error) {
    if (error instanceof HeaderValueEncodingError)
      throw new DecodeError('decode', message.subject, error.message);
    throw error;
  }
}

function resolveClass<T extends object>(
  subject: string,
  type: string,
  expected: ExpectedMessage<T>,
): MessageClass<T> {
  if (typeof expected === 'function') {
    if (messageTypeOf(expected) !== type) {
      throw new DecodeError('decode', subject, `expected type ${messageTypeOf(expected)}`, [], type);
    }
    return expected;
  }
  const found = expected ? expected[type] : messageClassOf(type);
  if (!found) throw new DecodeError('decode', subject, 'no message class accepts this type here', [], type);
  return found as MessageClass<T>;
}

function parseJson(message: IncomingMessage, type: string): unknown {
  try {
    return JSON.parse(decoder.decode(message.data)) as unknown;
  } catch (error) {
    throw new DecodeError(
      'decode',
      message.subject,
      `body is not UTF-8 JSON (${(error as Error).message})`,
      [],
      type,
    );
  }
}
