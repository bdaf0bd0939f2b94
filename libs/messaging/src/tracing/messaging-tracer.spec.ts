import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Subjects } from '@warden/contracts';
import { trace } from '@opentelemetry/api';
import { MessagingTracer } from './messaging-tracer';

describe('MessagingTracer span names', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = new MessagingTracer();

  beforeAll(() => trace.setGlobalTracerProvider(provider));
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
  });
  beforeEach(() => exporter.reset());

  it('names a publish by the subject template and keeps the concrete subject and ids as attributes', () => {
    const subject = Subjects.failures('high', 'agent-42');
    tracer.startSend(subject, 'publish', ROOT_CONTEXT).span.end();

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('publish supervision.failures.{severity}.{agentId}');
    expect(span?.kind).toBe(SpanKind.PRODUCER);
    expect(span?.attributes).toMatchObject({
      'messaging.destination.name': subject,
      'messaging.destination.template': 'supervision.failures.{severity}.{agentId}',
      'warden.agent.id': 'agent-42',
      'warden.severity': 'high',
    });
  });

  it('names a received message by the template of the subject it arrived on, not the subscription', () => {
    tracer
      .startReceive('serve', ROOT_CONTEXT, {
        subject: Subjects.hostControl('host-3'),
        subscription: 'host.host-3.control',
        bodyBytes: 10,
      })
      .span.end();

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('process host.{hostId}.control');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.attributes['warden.host.id']).toBe('host-3');
  });

  it('keeps the subject (send) or the subscription (receive) for subjects outside the catalogue', () => {
    tracer.startSend('bench.echo', 'request', ROOT_CONTEXT).span.end();
    tracer
      .startReceive('process', ROOT_CONTEXT, {
        subject: 'test.jobs.a',
        subscription: 'test.jobs.*',
        bodyBytes: 1,
      })
      .span.end();

    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual([
      'request bench.echo',
      'process test.jobs.*',
    ]);
    expect(exporter.getFinishedSpans()[0]?.attributes['messaging.destination.template']).toBeUndefined();
  });
});
