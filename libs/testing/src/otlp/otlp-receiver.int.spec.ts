import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { OtlpReceiver } from './otlp-receiver';
import { OtlpSpanKind } from './received-span';

const CONTENT_TYPES = { protobuf: 'application/x-protobuf', json: 'application/json' } as const;

/**
 * Spans encoded by the OTLP exporters' own serializers (the bytes the exporters post) and posted to the
 * receiver, once per OTLP/HTTP encoding. The exporters themselves load their HTTP transport with a
 * dynamic import Jest's VM refuses; the services' processes in causal-trace.e2e.spec.ts use them for real.
 */
describe.each(['protobuf', 'json'] as const)('OtlpReceiver decoding OTLP/HTTP %s', (encoding) => {
  let receiver: OtlpReceiver;
  let provider: BasicTracerProvider;
  const finished = new InMemorySpanExporter();

  async function post(spans: ReadableSpan[]): Promise<number> {
    const serializer = encoding === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer;
    const response = await fetch(`${receiver.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPES[encoding] },
      body: serializer.serializeRequest(spans),
    });
    await response.arrayBuffer();
    return response.status;
  }

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `svc-${encoding}`, 'service.instance.id': 'i-1' }),
      spanProcessors: [new SimpleSpanProcessor(finished)],
    });
  });
  afterAll(async () => {
    await provider.shutdown();
    await receiver.close();
  });

  it('keeps ids, parent, kind, attributes, links, status and resource of every span', async () => {
    const tracer = provider.getTracer('receiver-test');
    const linked = tracer.startSpan('heartbeat', {}, ROOT_CONTEXT);
    linked.end();
    const parent = tracer.startSpan('conviction', { kind: SpanKind.INTERNAL }, ROOT_CONTEXT);
    const child = tracer.startSpan(
      'publish supervision.failures.{severity}.{agentId}',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'warden.agent.id': 'agent-1',
          'messaging.message.body.size': 321,
          'warden.failure.duplicate': false,
          'warden.phi': 8.5,
          'warden.agents': ['a', 'b'],
        },
        links: [{ context: linked.spanContext(), attributes: { 'warden.link': 'last-heartbeat' } }],
      },
      trace.setSpan(ROOT_CONTEXT, parent),
    );
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'stream unavailable' });
    child.end();
    parent.end();
    expect(await post(finished.getFinishedSpans())).toBe(200);

    expect(receiver.rejected).toEqual([]);
    const [received] = receiver.find({ name: 'publish supervision.failures.{severity}.{agentId}' });
    expect(received).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      kind: OtlpSpanKind.PRODUCER,
      serviceName: `svc-${encoding}`,
      scopeName: 'receiver-test',
      statusCode: 2,
      statusMessage: 'stream unavailable',
      encoding,
      attributes: {
        'warden.agent.id': 'agent-1',
        'messaging.message.body.size': 321,
        'warden.failure.duplicate': false,
        'warden.phi': 8.5,
        'warden.agents': ['a', 'b'],
      },
      links: [
        {
          traceId: linked.spanContext().traceId,
          spanId: linked.spanContext().spanId,
          attributes: { 'warden.link': 'last-heartbeat' },
        },
      ],
    });
    expect(received?.resource['service.instance.id']).toBe('i-1');
    expect(received!.endTimeUnixNano >= received!.startTimeUnixNano).toBe(true);
    expect(received!.startTimeUnixNano > 0n).toBe(true);

    const root = receiver.find({ traceId: parent.spanContext().traceId, name: 'conviction' });
    expect(root).toHaveLength(1);
    expect(root[0]?.parentSpanId).toBeUndefined();
    expect(
      receiver
        .trace(parent.spanContext().traceId)
        .map((span) => span.name)
        .sort(),
    ).toEqual(['conviction', 'publish supervision.failures.{severity}.{agentId}']);
    expect(receiver.find({ serviceName: 'other' })).toEqual([]);
  });

  it('answers a body it cannot decode with 400 and remembers why', async () => {
    const response = await fetch(`${receiver.endpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': CONTENT_TYPES[encoding] },
      body: encoding === 'json' ? '{"resourceSpans": 5}' : new Uint8Array([0x0a, 0x05, 0x01]),
    });
    expect(response.status).toBe(400);
    expect(receiver.rejected).toHaveLength(1);
  });
});
