import { ProtobufWireReader, WireType } from './protobuf-wire-reader';
import type { AttributeMap, AttributeValue, ReceivedLink, ReceivedSpan } from './received-span';

/* Field numbers from opentelemetry-proto (trace/v1/trace.proto, common/v1/common.proto, resource/v1). */
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const LEN = WireType.LENGTH_DELIMITED;

/** Decodes an `ExportTraceServiceRequest` (application/x-protobuf) into spans. */
export function decodeOtlpProtobuf(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  ProtobufWireReader.forEachField(body, (reader, field, wireType) => {
    if (field !== 1 || wireType !== LEN) return false; // resource_spans
    spans.push(...resourceSpans(reader.bytesField()));
    return true;
  });
  return spans;
}

function resourceSpans(bytes: Uint8Array): ReceivedSpan[] {
  let resource: AttributeMap = {};
  const scopes: Uint8Array[] = [];
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1)
      resource = attributesOfMessage(reader.bytesField(), 1); // Resource.attributes
    else if (field === 2)
      scopes.push(reader.bytesField()); // scope_spans
    else return false;
    return true;
  });
  const serviceName = String(resource['service.name'] ?? '');
  return scopes.flatMap((scope) => scopeSpans(scope, resource, serviceName));
}

function scopeSpans(bytes: Uint8Array, resource: AttributeMap, serviceName: string): ReceivedSpan[] {
  let scopeName = '';
  const spans: Uint8Array[] = [];
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1) scopeName = scopeNameOf(reader.bytesField());
    else if (field === 2) spans.push(reader.bytesField());
    else return false;
    return true;
  });
  return spans.map((span) => spanOf(span, { resource, serviceName, scopeName }));
}

function scopeNameOf(bytes: Uint8Array): string {
  let name = '';
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (field !== 1 || wireType !== LEN) return false;
    name = reader.string();
    return true;
  });
  return name;
}

function spanOf(
  bytes: Uint8Array,
  origin: Pick<ReceivedSpan, 'resource' | 'serviceName' | 'scopeName'>,
): ReceivedSpan {
  const span: ReceivedSpan = {
    traceId: '',
    spanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    links: [],
    statusCode: 0,
    ...origin,
    encoding: 'protobuf',
  };
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    switch (field) {
      case 1:
        span.traceId = hex(reader.bytesField());
        return true;
      case 2:
        span.spanId = hex(reader.bytesField());
        return true;
      case 4: {
        const parent = hex(reader.bytesField());
        if (parent) span.parentSpanId = parent;
        return true;
      }
      case 5:
        span.name = reader.string();
        return true;
      case 6:
        span.kind = Number(reader.varint());
        return true;
      case 7:
        span.startTimeUnixNano = reader.fixed64();
        return true;
      case 8:
        span.endTimeUnixNano = reader.fixed64();
        return true;
      case 9:
        if (wireType !== LEN) return false;
        Object.assign(span.attributes, keyValueOf(reader.bytesField()));
        return true;
      case 13:
        if (wireType !== LEN) return false;
        span.links.push(linkOf(reader.bytesField()));
        return true;
      case 15:
        if (wireType !== LEN) return false;
        statusInto(span, reader.bytesField());
        return true;
      default:
        return false;
    }
  });
  return span;
}

function linkOf(bytes: Uint8Array): ReceivedLink {
  const link: ReceivedLink = { traceId: '', spanId: '', attributes: {} };
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1) link.traceId = hex(reader.bytesField());
    else if (field === 2) link.spanId = hex(reader.bytesField());
    else if (field === 4) Object.assign(link.attributes, keyValueOf(reader.bytesField()));
    else return false;
    return true;
  });
  return link;
}

function statusInto(span: ReceivedSpan, bytes: Uint8Array): void {
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (field === 2 && wireType === LEN) span.statusMessage = reader.string();
    else if (field === 3 && wireType === WireType.VARINT) span.statusCode = Number(reader.varint());
    else return false;
    return true;
  });
}

/** The repeated KeyValue field `field` of a message (Resource.attributes, KeyValueList.values). */
function attributesOfMessage(bytes: Uint8Array, field: number): AttributeMap {
  const attributes: AttributeMap = {};
  ProtobufWireReader.forEachField(bytes, (reader, number, wireType) => {
    if (number !== field || wireType !== LEN) return false;
    Object.assign(attributes, keyValueOf(reader.bytesField()));
    return true;
  });
  return attributes;
}

function keyValueOf(bytes: Uint8Array): AttributeMap {
  let key = '';
  let value: AttributeValue;
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1) key = reader.string();
    else if (field === 2) value = anyValueOf(reader.bytesField());
    else return false;
    return true;
  });
  return { [key]: value };
}

function anyValueOf(bytes: Uint8Array): AttributeValue {
  let value: AttributeValue;
  ProtobufWireReader.forEachField(bytes, (reader, field, wireType) => {
    switch (field) {
      case 1:
        value = reader.string();
        return true;
      case 2:
        value = reader.varint() !== 0n;
        return true;
      case 3: {
        const int = BigInt.asIntN(64, reader.varint());
        value =
          int >= BigInt(Number.MIN_SAFE_INTEGER) && int <= BigInt(Number.MAX_SAFE_INTEGER)
            ? Number(int)
            : int;
        return true;
      }
      case 4:
        value = reader.double();
        return true;
      case 5: {
        const values: AttributeValue[] = [];
        ProtobufWireReader.forEachField(reader.bytesField(), (inner, number, type) => {
          if (number !== 1 || type !== LEN) return false;
          values.push(anyValueOf(inner.bytesField()));
          return true;
        });
        value = values;
        return true;
      }
      case 6:
        value = attributesOfMessage(reader.bytesField(), 1) as { [key: string]: AttributeValue };
        return true;
      case 7:
        value = reader.bytesField().slice();
        return true;
      default:
        void wireType;
        return false;
    }
  });
  return value;
}
