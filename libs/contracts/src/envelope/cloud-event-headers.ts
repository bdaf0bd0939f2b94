/**
 * CloudEvents 1.0 in binary content mode over NATS (CloudEvents NATS protocol binding §3.1): every
 * attribute is its own `ce-` header and the body is the message JSON. `datacontenttype` is an ordinary
 * attribute there (`ce-datacontenttype`), unlike HTTP: a NATS `Content-Type: application/cloudevents`
 * header would instead tell a receiver that the message is in structured mode, so it is never set.
 */
export const CloudEventHeader = {
  SpecVersion: 'ce-specversion',
  Id: 'ce-id',
  Source: 'ce-source',
  Type: 'ce-type',
  Time: 'ce-time',
  CorrelationId: 'ce-correlationid',
  CausationId: 'ce-causationid',
  DataContentType: 'ce-datacontenttype',
} as const;

export type CloudEventHeaderName = (typeof CloudEventHeader)[keyof typeof CloudEventHeader];

/** JetStream de-duplicates on this header; Warden always sets it to the event's `ce-id`. */
export const NATS_MSG_ID_HEADER = 'Nats-Msg-Id';

export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/** Every Warden body is UTF-8 JSON of one message class. */
export const MESSAGE_DATA_CONTENT_TYPE = 'application/json';

/**
 * The attributes of one event. `time` is the producer's clock as an RFC 3339 UTC timestamp;
 * `correlationId` ties a causal chain together (the first event's id), `causationId` is the id of the
 * event or request that directly caused this one.
 */
export interface EnvelopeAttributes {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  correlationId?: string;
  causationId?: string;
}
