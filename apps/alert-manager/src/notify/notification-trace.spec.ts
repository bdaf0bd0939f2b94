import { ROOT_CONTEXT, SpanKind, context as otelContext, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { WebhookReceiver } from '@warden/testing';
import type { Logger } from '@warden/telemetry';
import type { Publisher } from '@warden/messaging';
import { alertWith } from '../testing/alert-fixtures.test-helper';
import type { Notification } from './notification';
import { ReceiverSender } from './receiver-sender';
import { withActiveTrace } from './notification-trace';

describe('notification tracing', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let webhook: WebhookReceiver;

  beforeAll(async () => {
    provider.register({ propagator: new W3CTraceContextPropagator() });
    webhook = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await webhook.close();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    otelContext.disable();
  });

  /** An alert stamped inside a span of its own trace, as the intake does inside the event's span. */
  function alertInTrace(
    name: string,
    updatedAt: number,
  ): { alert: ReturnType<typeof alertWith>; traceId: string } {
    const span = trace.getTracer('test').startSpan(`intake ${name}`, {}, ROOT_CONTEXT);
    const alert = otelContext.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      withActiveTrace(alertWith({ alertname: name }, { updatedAt })),
    );
    span.end();
    return { alert, traceId: span.spanContext().traceId };
  }

  it('sends a webhook in a CLIENT span continuing the newest alert’s trace, linking the others, with traceparent sent', async () => {
    const older = alertInTrace('Older', 1_000);
    const newest = alertInTrace('Newest', 2_000);
    const notification: Notification = {
      receiver: {
        name: 'ops',
        kind: 'webhook',
        url: webhook.url('/hook'),
        timeoutMs: 5_000,
        maxAlerts: 0,
        sendResolved: true,
        retry: { attempts: 1, initialBackoffMs: 1, maxBackoffMs: 1 },
      },
      groupKey: '{}:{alertname="x"}',
      status: 'firing',
      groupLabels: {},
      alerts: [older.alert, newest.alert],
      reason: 'new-alerts',
      fencingToken: 3,
      notificationId: 'n-1',
      externalUrl: 'http://am',
      at: Date.now(),
    };

    const sender = new ReceiverSender({} as Publisher, {} as Logger);
    expect(await sender.send(notification)).toEqual({ ok: true, attempts: 1 });

    const notify = exporter.getFinishedSpans().find((span) => span.name === 'notify webhook');
    const post = exporter.getFinishedSpans().find((span) => span.name === 'POST');
    expect(notify?.spanContext().traceId).toBe(newest.traceId);
    expect(notify?.links.map((link) => link.context.traceId)).toEqual([older.traceId]);
    expect(post?.kind).toBe(SpanKind.CLIENT);
    expect(post?.parentSpanContext?.spanId).toBe(notify?.spanContext().spanId);
    expect(post?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
    const [request] = webhook.on('/hook');
    expect(request?.headers['traceparent']).toBe(`00-${newest.traceId}-${post?.spanContext().spanId}-01`);
  });

  it('leaves an alert unchanged when no trace is active', () => {
    const alert = alertWith({ alertname: 'Untraced' });
    expect(withActiveTrace(alert)).toBe(alert);
  });
});
