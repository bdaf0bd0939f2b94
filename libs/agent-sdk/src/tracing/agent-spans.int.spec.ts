import { SpanKind, context as otelContext, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Messaging, NatsClient } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import type { AgentDefinition } from '../host/agent-factory';
import { AgentHost } from '../host/agent-host';
import {
  connectTo,
  dispatch,
  operatorMessaging,
  recover,
  silentLogger,
  taskDispatch,
} from '../testing/agent-fixture.test-helper';

const HEARTBEAT_SPAN = 'publish supervision.health.heartbeat.{partition}.{agentId}';

describe('agent spans over a real nats-server', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const definition: AgentDefinition = {
    spec: { zone: 'zone-a', capabilities: ['compute'], capacity: 2, heartbeatIntervalMs: 100 },
    handler: async () => {
      // A span the handler starts nests under the handler span.
      trace.getTracer('app').startSpan('app work').end();
      return { ok: true };
    },
  };
  let server: NatsServerHandle;
  let operatorClient: NatsClient;
  let operator: Messaging;
  let host: AgentHost;

  beforeAll(async () => {
    provider.register();
    server = await startNatsServer({ jetstream: false });
    operatorClient = await connectTo(server.url, 'operator');
    operator = operatorMessaging(operatorClient);
    host = await AgentHost.start({
      hostId: 'host-t',
      connect: () => connectTo(server.url, 'host-t'),
      logger: silentLogger(),
      stopGraceMs: 100,
    });
    host.register((agentId) => (agentId.startsWith('worker-') ? definition : undefined));
  });

  afterAll(async () => {
    await host.stop(100);
    await operatorClient.drain();
    await server.stop();
    await provider.shutdown();
    trace.disable();
    otelContext.disable();
  });

  const finished = (): ReadableSpan[] => exporter.getFinishedSpans();
  const named = (name: string): ReadableSpan[] => finished().filter((span) => span.name === name);

  /** Runs `act` inside an operator's root span and returns that span's trace id. */
  async function asOperator(act: () => Promise<unknown>): Promise<string> {
    const root = trace.getTracer('test').startSpan('operator action');
    await otelContext.with(trace.setSpan(otelContext.active(), root), act);
    root.end();
    return root.spanContext().traceId;
  }

  it('sends every heartbeat as a root PRODUCER span named by the subject template', async () => {
    await host.startAgent('worker-1');
    const beat = await eventually(() =>
      named(HEARTBEAT_SPAN).find((span) => span.attributes['warden.agent.id'] === 'worker-1'),
    );
    expect(beat.kind).toBe(SpanKind.PRODUCER);
    expect(beat.parentSpanContext).toBeUndefined();
    expect(beat.attributes['messaging.destination.name']).toMatch(
      /^supervision\.health\.heartbeat\.\d+\.worker-1$/,
    );
  });

  it('continues a dispatched task trace in the handler CONSUMER span, with the handler’s own spans under it', async () => {
    await eventually(() => host.agent('worker-1')?.lifecycle === 'ready');
    const traceId = await asOperator(() => dispatch(operator, 'worker-1', taskDispatch('task-traced-1')));

    const handlerSpan = await eventually(() =>
      named('task test-work').find((span) => span.spanContext().traceId === traceId),
    );
    const serverSpan = named('process agent.{agentId}.tasks').find(
      (span) => span.spanContext().traceId === traceId,
    );
    expect(handlerSpan.kind).toBe(SpanKind.CONSUMER);
    expect(handlerSpan.parentSpanContext?.spanId).toBe(serverSpan?.spanContext().spanId);
    expect(handlerSpan.attributes).toMatchObject({
      'warden.task.id': 'task-traced-1',
      'warden.agent.id': 'worker-1',
      'warden.task.outcome': 'succeeded',
    });
    const appWork = await eventually(() =>
      named('app work').find((span) => span.spanContext().traceId === traceId),
    );
    expect(appWork.parentSpanContext?.spanId).toBe(handlerSpan.spanContext().spanId);
  });

  it('handles a host command in a CONSUMER span of the command’s trace, and the new incarnation beats in traces of its own', async () => {
    const before = host.agent('worker-1')!.incarnation;
    const traceId = await asOperator(() => recover(operator, 'host-t', 'worker-1', 'restart', before, 1));

    const commandSpan = await eventually(() =>
      named('host.command restart').find((span) => span.spanContext().traceId === traceId),
    );
    const serverSpan = named('process host.{hostId}.control').find(
      (span) => span.spanContext().traceId === traceId,
    );
    expect(commandSpan.kind).toBe(SpanKind.CONSUMER);
    expect(commandSpan.parentSpanContext?.spanId).toBe(serverSpan?.spanContext().spanId);
    expect(commandSpan.attributes).toMatchObject({
      'warden.host.id': 'host-t',
      'warden.command.accepted': true,
    });

    await eventually(() => host.agent('worker-1')?.incarnation !== before);
    const spansBefore = finished().length;
    await eventually(() => finished().length > spansBefore + 3 && named(HEARTBEAT_SPAN).length > 0);
    const beatsInCommandTrace = named(HEARTBEAT_SPAN).filter(
      (span) => span.spanContext().traceId === traceId,
    );
    expect(beatsInCommandTrace).toEqual([]);
  });
});
