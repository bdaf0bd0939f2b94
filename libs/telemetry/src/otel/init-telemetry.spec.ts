import { context, propagation, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getTracer } from './get-tracer';
import { initTelemetry, type Telemetry } from './init-telemetry';
import { TelemetryAlreadyInitializedError } from './telemetry-errors';

type Headers = Record<string, string>;
const setter: TextMapSetter<Headers> = { set: (carrier, key, value) => void (carrier[key] = value) };
const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const OTEL_VARIABLES = [
  'OTEL_SDK_DISABLED',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
];

describe('initTelemetry', () => {
  let telemetry: Telemetry | undefined;
  const savedEnv = Object.fromEntries(OTEL_VARIABLES.map((name) => [name, process.env[name]]));

  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  function init(exporter: InMemorySpanExporter): Telemetry {
    telemetry = initTelemetry({
      serviceName: 'failure-detector',
      serviceVersion: '1.2.3',
      instanceId: 'fd-1',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    return telemetry;
  }

  it('records spans with the service resource and exports nothing without an endpoint', () => {
    delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    const exporter = new InMemorySpanExporter();
    const { exportEndpoint } = init(exporter);

    getTracer('test').startSpan('decide').end();

    expect(exportEndpoint).toBeUndefined();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('decide');
    expect(span?.resource.attributes).toMatchObject({
      'service.name': 'failure-detector',
      'service.version': '1.2.3',
      'service.instance.id': 'fd-1',
    });
  });

  it('lets OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override and extend the resource', () => {
    process.env['OTEL_SERVICE_NAME'] = 'renamed';
    process.env['OTEL_RESOURCE_ATTRIBUTES'] = 'deployment.environment.name=staging';
    const { resource } = init(new InMemorySpanExporter());

    expect(resource.attributes['service.name']).toBe('renamed');
    expect(resource.attributes['deployment.environment.name']).toBe('staging');
    expect(resource.attributes['service.instance.id']).toBe('fd-1');
  });

  it('exports to the OTLP endpoint the environment names', () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:9';
    expect(init(new InMemorySpanExporter()).exportEndpoint).toBe('http://127.0.0.1:9/v1/traces');
  });

  it('exports http/protobuf by default and http/json when asked', async () => {
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = 'http://127.0.0.1:9';
    expect(init(new InMemorySpanExporter()).exportProtocol).toBe('http/protobuf');
    await telemetry?.shutdown();
    process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] = 'http/json';
    expect(init(new InMemorySpanExporter()).exportProtocol).toBe('http/json');
  });

  it('refuses an unsupported protocol before registering anything, naming the variable', () => {
    process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] = 'grpc';
    expect(() => init(new InMemorySpanExporter())).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL="grpc"/);
    telemetry = undefined;
    // Nothing half-registered: a valid configuration initialises afterwards.
    process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] = 'http/json';
    expect(init(new InMemorySpanExporter()).exportProtocol).toBe('http/json');
  });

  it('propagates W3C trace context and baggage, and continues an extracted trace', () => {
    const exporter = new InMemorySpanExporter();
    init(exporter);
    const tracer = getTracer('test');

    const headers: Headers = {};
    const publish = tracer.startSpan('publish');
    const withBaggage = propagation.setBaggage(
      trace.setSpan(context.active(), publish),
      propagation.createBaggage({ tenant: { value: 'acme' } }),
    );
    propagation.inject(withBaggage, headers, setter);
    publish.end();

    expect(headers['traceparent']).toMatch(
      new RegExp(`^00-${publish.spanContext().traceId}-[0-9a-f]{16}-01$`),
    );
    expect(headers['baggage']).toBe('tenant=acme');

    const consumed = propagation.extract(context.active(), headers, getter);
    context.with(consumed, () => tracer.startActiveSpan('process', (span) => span.end()));
    const processSpan = exporter.getFinishedSpans().find((span) => span.name === 'process');
    expect(processSpan?.spanContext().traceId).toBe(publish.spanContext().traceId);
    expect(processSpan?.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
  });

  it('refuses a second initialisation until the first is shut down', async () => {
    const first = init(new InMemorySpanExporter());
    expect(() => initTelemetry({ serviceName: 'again', serviceVersion: '0', instanceId: 'x' })).toThrow(
      TelemetryAlreadyInitializedError,
    );

    await first.shutdown();
    const exporter = new InMemorySpanExporter();
    init(exporter);
    getTracer('test').startSpan('after-restart').end();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['after-restart']);
  });

  it('when the SDK is disabled, records nothing but still passes incoming trace context on', () => {
    process.env['OTEL_SDK_DISABLED'] = 'true';
    const exporter = new InMemorySpanExporter();
    const { tracerProvider } = init(exporter);
    const incoming: Headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };

    const outgoing: Headers = {};
    context.with(propagation.extract(context.active(), incoming, getter), () => {
      getTracer('test').startActiveSpan('handle', (span) => {
        propagation.inject(context.active(), outgoing, setter);
        span.end();
      });
    });

    expect(tracerProvider).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(outgoing['traceparent']).toBe(incoming['traceparent']);
  });
});
