import { ROOT_CONTEXT, TraceFlags, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { CloudEventHeader, MessageType, MessageValidationError, NATS_MSG_ID_HEADER } from '@warden/contracts';
import { DecodeError } from './decode-error';
import { MessageCodec } from './message-codec';
import { MessageTooLargeError } from './message-too-large-error';

@MessageType('warden.test-codec.reading.v1', { maxBytes: 200 })
class Reading {
  @IsString() @MaxLength(64) sensorId!: string;
  @IsInt() @Min(0) @Max(100) levelPercent!: number;
}

@MessageType('warden.test-codec.reading.v2')
class ReadingV2 {
  @IsString() sensorId!: string;
  @IsInt() levelPermille!: number;
}

function reading(sensorId: string, levelPercent: number): Reading {
  return Object.assign(new Reading(), { sensorId, levelPercent });
}

describe('MessageCodec', () => {
  const codec = new MessageCodec();

  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  it('writes the CloudEvents envelope as ce- headers and sets Nats-Msg-Id to ce-id', () => {
    const encoded = codec.encode(Reading, reading('s-1', 40), { source: 'tester', correlationId: 'corr-1' });

    const { headers, attributes } = encoded;
    expect(headers.get(CloudEventHeader.SpecVersion)).toBe('1.0');
    expect(headers.get(CloudEventHeader.Type)).toBe('warden.test-codec.reading.v1');
    expect(headers.get(CloudEventHeader.Source)).toBe('tester');
    expect(headers.get(CloudEventHeader.CorrelationId)).toBe('corr-1');
    expect(headers.get(CloudEventHeader.DataContentType)).toBe('application/json');
    expect(headers.get(CloudEventHeader.Id)).toBe(attributes.id);
    expect(headers.get(NATS_MSG_ID_HEADER)).toBe(attributes.id);
    expect(new Date(headers.get(CloudEventHeader.Time)).toISOString()).toBe(
      headers.get(CloudEventHeader.Time),
    );
    expect(JSON.parse(new TextDecoder().decode(encoded.data))).toEqual({ sensorId: 's-1', levelPercent: 40 });
  });

  it('round-trips a message into a validated instance of its class with the same attributes', () => {
    const encoded = codec.encode(Reading, reading('s-2', 7), { source: 'tester', causationId: 'cause-9' });

    const decoded = codec.decode(
      { subject: 'test.readings', data: encoded.data, headers: encoded.headers },
      Reading,
    );

    expect(decoded.payload).toBeInstanceOf(Reading);
    expect(decoded.payload).toEqual(reading('s-2', 7));
    expect(decoded.attributes).toEqual(encoded.attributes);
  });

  it('percent-encodes header values that are not printable ASCII and decodes them back', () => {
    const encoded = codec.encode(Reading, reading('s-3', 1), {
      source: 'tester',
      correlationId: 'ünïcode id',
    });

    expect(encoded.headers.get(CloudEventHeader.CorrelationId)).toBe('%C3%BCn%C3%AFcode%20id');
    const decoded = codec.decode(
      { subject: 'test.readings', data: encoded.data, headers: encoded.headers },
      Reading,
    );
    expect(decoded.attributes.correlationId).toBe('ünïcode id');
  });

  it('injects the active trace context and extracts it on decode', () => {
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    const sending = trace.setSpanContext(ROOT_CONTEXT, spanContext);

    const encoded = codec.encode(Reading, reading('s-4', 2), { source: 'tester' }, sending);
    const decoded = codec.decode(
      { subject: 'test.readings', data: encoded.data, headers: encoded.headers },
      Reading,
    );

    expect(encoded.headers.get('traceparent')).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(trace.getSpanContext(decoded.traceContext)?.traceId).toBe(spanContext.traceId);
  });

  it('refuses to encode an invalid payload', () => {
    expect(() => codec.encode(Reading, reading('s-5', 101), { source: 'tester' })).toThrow(
      MessageValidationError,
    );
  });

  it('refuses to encode a body above the class limit', () => {
    expect(() => codec.encode(Reading, reading('x'.repeat(190), 1), { source: 'tester' })).toThrow(
      MessageTooLargeError,
    );
  });

  describe('decode failures', () => {
    const valid = codec.encode(Reading, reading('s-6', 3), { source: 'tester' });
    const decodeError = (run: () => unknown): DecodeError => {
      try {
        run();
      } catch (error) {
        if (error instanceof DecodeError) return error;
        throw error;
      }
      throw new Error('expected a DecodeError');
    };

    it('reports missing envelope headers as a decode failure', () => {
      const error = decodeError(() => codec.decode({ subject: 'test.readings', data: valid.data }, Reading));
      expect(error.reason).toBe('decode');
      expect(error.detail).toContain(CloudEventHeader.Id);
    });

    it('reports a body that is not JSON as a decode failure', () => {
      const error = decodeError(() =>
        codec.decode(
          { subject: 'test.readings', data: new TextEncoder().encode('{not json'), headers: valid.headers },
          Reading,
        ),
      );
      expect(error.reason).toBe('decode');
      expect(error.messageType).toBe('warden.test-codec.reading.v1');
    });

    it('reports each broken and unknown field as a validation issue', () => {
      const body = new TextEncoder().encode(JSON.stringify({ sensorId: 5, levelPercent: 500, extra: true }));
      const error = decodeError(() =>
        codec.decode({ subject: 'test.readings', data: body, headers: valid.headers }, Reading),
      );

      expect(error.reason).toBe('validation');
      expect([...new Set(error.issues.map((issue) => issue.path))].sort()).toEqual([
        'extra',
        'levelPercent',
        'sensorId',
      ]);
    });

    it('rejects a body above the class limit before parsing it', () => {
      const body = new TextEncoder().encode(JSON.stringify({ sensorId: 'y'.repeat(300), levelPercent: 1 }));
      const error = decodeError(() =>
        codec.decode({ subject: 'test.readings', data: body, headers: valid.headers }, Reading),
      );

      expect(error.reason).toBe('validation');
      expect(error.issues[0].constraint).toBe('maxBytes');
    });

    it('rejects a type other than the expected class', () => {
      const other = codec.encode(
        ReadingV2,
        Object.assign(new ReadingV2(), { sensorId: 'a', levelPermille: 1 }),
        { source: 'tester' },
      );
      const error = decodeError(() =>
        codec.decode({ subject: 'test.readings', data: other.data, headers: other.headers }, Reading),
      );
      expect(error.reason).toBe('decode');
      expect(error.messageType).toBe('warden.test-codec.reading.v2');
    });

    it('rejects an unsupported spec version', () => {
      const headers = natsHeaders();
      for (const [name, values] of valid.headers) headers.set(name, values[0]);
      headers.set(CloudEventHeader.SpecVersion, '0.3');
      const error = decodeError(() =>
        codec.decode({ subject: 'test.readings', data: valid.data, headers }, Reading),
      );
      expect(error.detail).toContain('specversion');
    });
  });

  it('picks the class by ce-type from a map, so one consumer accepts two versions', () => {
    const accepted = { 'warden.test-codec.reading.v1': Reading, 'warden.test-codec.reading.v2': ReadingV2 };
    const v2 = codec.encode(
      ReadingV2,
      Object.assign(new ReadingV2(), { sensorId: 'b', levelPermille: 640 }),
      { source: 'tester' },
    );

    const decoded = codec.decode<Reading | ReadingV2>(
      { subject: 'test.readings', data: v2.data, headers: v2.headers },
      accepted,
    );

    expect(decoded.payload).toBeInstanceOf(ReadingV2);
  });

  it('looks the class up in the contracts registry when none is given', () => {
    const encoded = codec.encode(Reading, reading('s-7', 9), { source: 'tester' });

    const decoded = codec.decode({ subject: 'test.readings', data: encoded.data, headers: encoded.headers });

    expect(decoded.payload).toBeInstanceOf(Reading);
  });
});
