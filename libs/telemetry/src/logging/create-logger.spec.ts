import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { initTelemetry, type Telemetry } from '../otel/init-telemetry';
import { getTracer } from '../otel/get-tracer';
import { createLogger } from './create-logger';
import { JsonLinesCollector } from './json-lines-collector.test-helper';

describe('createLogger', () => {
  let telemetry: Telemetry;
  const exporter = new InMemorySpanExporter();

  beforeEach(() => {
    exporter.reset();
    telemetry = initTelemetry({
      serviceName: 'load-balancer',
      serviceVersion: '0.0.1',
      instanceId: 'lb-7',
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });

  afterEach(() => telemetry.shutdown());

  it('writes JSON lines carrying service, instance and the active span ids', () => {
    const output = new JsonLinesCollector();
    const logger = createLogger({ service: 'load-balancer', instanceId: 'lb-7', destination: output });

    getTracer('test').startActiveSpan('route', (span) => {
      logger.info({ agentId: 'a-1' }, 'routed');
      span.end();
    });

    const [record] = output.records();
    const [span] = exporter.getFinishedSpans();
    expect(record).toMatchObject({
      level: 'info',
      msg: 'routed',
      agentId: 'a-1',
      service: 'load-balancer',
      instance: 'lb-7',
      trace_id: span?.spanContext().traceId,
      span_id: span?.spanContext().spanId,
    });
    expect(typeof record?.['time']).toBe('string');
  });

  it('omits trace ids outside a span', () => {
    const output = new JsonLinesCollector();
    createLogger({ service: 'load-balancer', instanceId: 'lb-7', destination: output }).warn('idle');

    const [record] = output.records();
    expect(record).toMatchObject({ level: 'warn', msg: 'idle' });
    expect(record).not.toHaveProperty('trace_id');
    expect(record).not.toHaveProperty('span_id');
  });

  it('drops lines below the configured level', () => {
    const output = new JsonLinesCollector();
    const logger = createLogger({ service: 's', instanceId: 'i', level: 'warn', destination: output });

    logger.info('hidden');
    logger.error('shown');

    expect(output.records().map((record) => record['msg'])).toEqual(['shown']);
  });
});
