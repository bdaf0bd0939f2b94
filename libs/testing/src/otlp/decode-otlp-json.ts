import {
  OtlpDecodeError,
  type AttributeMap,
  type AttributeValue,
  type ReceivedLink,
  type ReceivedSpan,
} from './received-span';

/* OTLP/JSON (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): lowerCamelCase field names,
 * trace and span ids as hex, 64-bit integers as decimal strings or numbers, enums as integers. */
type Json = Record<string, unknown>;

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const asObject = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};

/** Decodes an `ExportTraceServiceRequest` in OTLP/JSON into spans. */
export function decodeOtlpJson(text: string): ReceivedSpan[] {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(asObject(request)['resourceSpans'])) throw new OtlpDecodeError('no resourceSpans array');
  return asArray(asObject(request)['resourceSpans']).flatMap((resourceSpans) => {
    const resource = attributesOf(asObject(resourceSpans['resource'])['attributes']);
    const serviceName = String(resource['service.name'] ?? '');
    return asArray(resourceSpans['scopeSpans']).flatMap((scopeSpans) => {
      const scopeName = String(asObject(scopeSpans['scope'])['name'] ?? '');
      return asArray(scopeSpans['spans']).map((span) => spanOf(span, { resource, serviceName, scopeName }));
    });
  });
}

function spanOf(
  span: Json,
  origin: Pick<ReceivedSpan, 'resource' | 'serviceName' | 'scopeName'>,
): ReceivedSpan {
  const status = asObject(span['status']);
  const parentSpanId = idOf(span['parentSpanId']);
  return {
    traceId: idOf(span['traceId']),
    spanId: idOf(span['spanId']),
    ...(parentSpanId ? { parentSpanId } : {}),
    name: String(span['name'] ?? ''),
    kind: Number(span['kind'] ?? 0),
    startTimeUnixNano: nanosOf(span['startTimeUnixNano']),
    endTimeUnixNano: nanosOf(span['endTimeUnixNano']),
    attributes: attributesOf(span['attributes']),
    links: asArray(span['links']).map((link): ReceivedLink => ({
      traceId: idOf(link['traceId']),
      spanId: idOf(link['spanId']),
      attributes: attributesOf(link['attributes']),
    })),
    statusCode: Number(status['code'] ?? 0),
    ...(typeof status['message'] === 'string' ? { statusMessage: status['message'] } : {}),
    ...origin,
    encoding: 'json',
  };
}

/** Hex as the OTLP spec says; base64 as the generic proto3 JSON mapping would give. */
function idOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  if (/^[0-9a-f]+$/i.test(value) && (value.length === 32 || value.length === 16)) return value.toLowerCase();
  return Buffer.from(value, 'base64').toString('hex');
}

function nanosOf(value: unknown): bigint {
  if (typeof value === 'string' || typeof value === 'number') return BigInt(value);
  const { low, high } = asObject(value);
  if (typeof low === 'number' && typeof high === 'number')
    return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  return 0n;
}

function attributesOf(list: unknown): AttributeMap {
  const attributes: AttributeMap = {};
  for (const entry of asArray(list)) attributes[String(entry['key'])] = anyValueOf(entry['value']);
  return attributes;
}

function anyValueOf(raw: unknown): AttributeValue {
  const value = asObject(raw);
  if ('stringValue' in value) return String(value['stringValue']);
  if ('boolValue' in value) return Boolean(value['boolValue']);
  if ('intValue' in value) {
    const int = BigInt(value['intValue'] as string | number);
    return int >= BigInt(Number.MIN_SAFE_INTEGER) && int <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(int)
      : int;
  }
  if ('doubleValue' in value) return Number(value['doubleValue']);
  if ('arrayValue' in value) return asArray(asObject(value['arrayValue'])['values']).map(anyValueOf);
  if ('kvlistValue' in value)
    return attributesOf(asObject(value['kvlistValue'])['values']) as { [key: string]: AttributeValue };
  if ('bytesValue' in value) return new Uint8Array(Buffer.from(String(value['bytesValue']), 'base64'));
  return undefined;
}
