/** An attribute value as OTLP carries it, decoded to plain JavaScript (int64 beyond 2^53 as bigint). */
export type AttributeValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | AttributeValue[]
  | { [key: string]: AttributeValue }
  | undefined;

export type AttributeMap = Record<string, AttributeValue>;

export interface ReceivedLink {
  traceId: string;
  spanId: string;
  attributes: AttributeMap;
}

/** One span as an exporter sent it, whichever encoding it used; ids are lower-case hex. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId?: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0 unspecified). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: AttributeMap;
  links: ReceivedLink[];
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage?: string;
  /** The resource's `service.name`. */
  serviceName: string;
  resource: AttributeMap;
  scopeName: string;
  /** How it arrived: `protobuf` (application/x-protobuf) or `json` (application/json). */
  encoding: 'protobuf' | 'json';
}

/** OTLP SpanKind values, for readable assertions. */
export const OtlpSpanKind = {
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

/** A request body that is not a valid OTLP export request; the receiver answers it with 400. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
