import { SpanKind, context as otelContext, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { IsString } from 'class-validator';
import { MessageType, createMessage } from '@warden/contracts';
import {
  JobEvent,
  TEST_STREAM,
  TEST_SUBJECTS,
  jobEvent,
  jobSubject,
  startServiceInstance,
  type ServiceInstance,
} from '../testing/messaging-fixture.test-helper';

@MessageType('warden.test-tracing.echo.v1')
class Echo {
  @IsString() text!: string;
}

describe('trace context across NATS', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let server: NatsServerHandle;
  let service: ServiceInstance;

  beforeAll(async () => {
    provider.register();
    server = await startNatsServer();
    service = await startServiceInstance(server.url, 'svc-traced', 't-1');
  });
  afterAll(async () => {
    await service.messaging.close();
    await server.dispose();
    await provider.shutdown();
    trace.disable();
    otelContext.disable();
  });
  beforeEach(() => exporter.reset());

  it('continues a trace started at the publisher in the consumer span', async () => {
    const handlerTraceIds: string[] = [];
    await service.messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      handler: (_event, context) => {
        handlerTraceIds.push(context.span.spanContext().traceId);
      },
    });
    const root = trace.getTracer('test').startSpan('operator action');

    await otelContext.with(trace.setSpan(otelContext.active(), root), () =>
      service.messaging.publisher.publishDurable(jobSubject('traced'), JobEvent, jobEvent('traced')),
    );
    root.end();

    const consumerSpan = await eventually(
      () => exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CONSUMER),
      { timeoutMs: 10_000 },
    );
    const producerSpan = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.PRODUCER);
    expect(handlerTraceIds).toEqual([root.spanContext().traceId]);
    expect(producerSpan?.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(consumerSpan.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(consumerSpan.parentSpanContext?.spanId).toBe(producerSpan?.spanContext().spanId);
    expect(consumerSpan.attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.destination.name': jobSubject('traced'),
      'messaging.consumer.group.name': 'svc-traced',
    });
    expect(consumerSpan.attributes['messaging.message.id']).toBe(
      producerSpan?.attributes['messaging.message.id'],
    );
  });

  it('links the client and server spans of a request', async () => {
    await service.messaging.serveRequests('test.echo', Echo, (request: Echo) =>
      createMessage(Echo, { text: request.text.toUpperCase() }),
    );

    const reply = await service.messaging.publisher.request(
      'test.echo',
      Echo,
      createMessage(Echo, { text: 'hi' }),
      Echo,
      { timeoutMs: 5000 },
    );

    expect(reply.text).toBe('HI');
    const serverSpan = await eventually(
      () => exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER),
      { timeoutMs: 10_000 },
    );
    const clientSpan = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.CLIENT);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan?.spanContext().spanId);
    expect(serverSpan.spanContext().traceId).toBe(clientSpan?.spanContext().traceId);
  });
});
