import { ROOT_CONTEXT, SpanKind, context as otelContext, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { commandReceipt, createMessage, RecoveryCommand } from '@warden/contracts';
import { inHostCommandSpan } from './host-command-span';

describe('inHostCommandSpan', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    otelContext.disable();
  });

  const command = createMessage(RecoveryCommand, {
    commandId: 'c1',
    action: 'drain',
    agentId: 'a1',
    hostId: 'h1',
    incarnation: 1,
    fencingToken: 7,
    attempt: 1,
    timeoutMs: 1000,
    reason: { summary: 'test' },
    issuedBy: 'recovery-coordinator',
    issuedAt: new Date().toISOString(),
  });

  it('is a CONSUMER span under the request, named and attributed like AgentHost’s, with the Kubernetes failure', async () => {
    const request = trace.getTracer('test').startSpan('request host.h1.control', {}, ROOT_CONTEXT);
    const receipt = commandReceipt('c1', 'h1', 'disruption-budget: evict pod p: HTTP 429');

    await otelContext.with(trace.setSpan(ROOT_CONTEXT, request), () =>
      inHostCommandSpan(command, 'h1', async () => ({
        receipt,
        outcome: { kind: 'failed', failure: 'disruption-budget', reason: receipt.reason! },
      })),
    );
    request.end();

    const span = exporter.getFinishedSpans().find((candidate) => candidate.name === 'host.command drain')!;
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(span.attributes).toMatchObject({
      'warden.host.id': 'h1',
      'warden.host.kind': 'kubernetes',
      'warden.agent.id': 'a1',
      'warden.command.action': 'drain',
      'warden.command.fencing_token': 7,
      'warden.command.accepted': false,
      'warden.command.refusal': 'disruption-budget: evict pod p: HTTP 429',
      'warden.k8s.failure': 'disruption-budget',
    });
  });
});
