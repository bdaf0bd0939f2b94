import { Controller, Get, Module, Param } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ServiceBaseConfig } from '../config/service-base-config';
import { JsonLinesCollector } from '../logging/json-lines-collector.test-helper';
import { bootstrapService, type RunningService } from './bootstrap-service';

@Controller('items')
class ItemsController {
  @Get(':id')
  item(@Param('id') id: string): { id: string } {
    return { id };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

describe('HTTP server spans of a service', () => {
  const spans = new InMemorySpanExporter();
  let service: RunningService<ServiceBaseConfig>;
  let base: string;

  beforeAll(async () => {
    service = await bootstrapService({
      name: 'items',
      version: '1',
      rootModule: ItemsModule,
      configClass: ServiceBaseConfig,
      env: { HTTP_PORT: '0', SERVICE_INSTANCE_ID: 'items-1' },
      handleSignals: false,
      spanProcessors: [new SimpleSpanProcessor(spans)],
      logDestination: new JsonLinesCollector(),
    });
    base = `http://127.0.0.1:${service.port}`;
  });
  afterAll(() => service.shutdown());
  beforeEach(() => spans.reset());

  it('names a request by its route template and continues the caller’s traceparent', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const response = await fetch(`${base}/items/agent-7?verbose=1`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    expect(await response.json()).toEqual({ id: 'agent-7' });

    const [span] = spans.getFinishedSpans();
    expect(span?.name).toBe('GET /items/:id');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/items/:id',
      'url.path': '/items/agent-7',
      'http.response.status_code': 200,
    });
  });

  it('traces probes and scrapes only when asked, and names a request no route matched by its method only', async () => {
    // What the kubelet and Prometheus send every few seconds: no spans.
    await (await fetch(`${base}/healthz`)).arrayBuffer();
    await (await fetch(`${base}/readyz`)).arrayBuffer();
    await (await fetch(`${base}/metrics`)).arrayBuffer();
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await (
      await fetch(`${base}/healthz`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })
    ).arrayBuffer();
    await (await fetch(`${base}/nowhere/42`)).arrayBuffer();

    const names = spans
      .getFinishedSpans()
      .map((span) => [span.name, span.attributes['http.response.status_code']]);
    expect(names).toEqual([
      ['GET /healthz', 200],
      ['GET', 404],
    ]);
    expect(spans.getFinishedSpans()[0]?.spanContext().traceId).toBe(traceId);
    expect(spans.getFinishedSpans()[1]?.parentSpanContext).toBeUndefined();
  });
});
