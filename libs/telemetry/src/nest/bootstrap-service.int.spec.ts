import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { IsString } from 'class-validator';
import type { Logger } from 'pino';
import { ServiceBaseConfig } from '../config/service-base-config';
import { JsonLinesCollector } from '../logging/json-lines-collector.test-helper';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { initTelemetry } from '../otel/init-telemetry';
import { getTracer } from '../otel/get-tracer';
import { ReadinessRegistry } from '../readiness/readiness-registry';
import { bootstrapService, type RunningService } from './bootstrap-service';
import { InjectLogger } from './injection-tokens';

class GreeterConfig extends ServiceBaseConfig {
  @IsString()
  GREETING: string = 'hello';
}

/** Stands in for a module (e.g. messaging) that becomes ready some time after startup. */
@Injectable()
class WarmUp implements OnModuleInit {
  done = false;

  constructor(@Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry) {}

  onModuleInit(): void {
    this.readiness.register('warm-up', () => ({
      ready: this.done,
      detail: this.done ? undefined : 'warming up',
    }));
  }
}

@Controller('greet')
class GreetController {
  constructor(
    @Inject(GreeterConfig) private readonly config: GreeterConfig,
    @Inject(MetricsRegistry) private readonly metrics: MetricsRegistry,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  @Get()
  greet(): { greeting: string } {
    this.metrics.counter({ name: 'warden_greetings_total', help: 'Greetings served' }).inc();
    getTracer('greeter').startActiveSpan('greet', (span) => {
      this.logger.info('greeted');
      span.end();
    });
    return { greeting: this.config.GREETING };
  }
}

@Module({ controllers: [GreetController], providers: [WarmUp] })
class GreeterModule {}

@Injectable()
class FailingInit implements OnModuleInit {
  onModuleInit(): void {
    throw new Error('streams could not be provisioned');
  }
}

@Module({ providers: [FailingInit] })
class FailingModule {}

/** A destroy hook that only finishes when the test says so, standing in for a drain that hangs. */
const stuckDrain = { release: (): void => undefined };

@Injectable()
class StuckDrain implements OnModuleDestroy {
  onModuleDestroy(): Promise<void> {
    return new Promise((resolve) => (stuckDrain.release = resolve));
  }
}

@Module({ providers: [StuckDrain] })
class StuckModule {}

/** Replaces process.exit for one test and lets it wait for the next call. */
class ProcessExitRecorder {
  private waiting: Array<(code: unknown) => void> = [];

  constructor() {
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      this.waiting.splice(0).forEach((resolve) => resolve(code));
      return undefined as never;
    });
  }

  next(): Promise<unknown> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

describe('bootstrapService', () => {
  let service: RunningService<ServiceBaseConfig> | undefined;
  const logs = new JsonLinesCollector();
  let spans: InMemorySpanExporter;

  afterEach(async () => {
    await service?.shutdown();
    service = undefined;
    jest.restoreAllMocks();
  });

  async function start(): Promise<RunningService<GreeterConfig>> {
    // A processor is shut down with the telemetry that owns it, so each service gets a fresh one.
    spans = new InMemorySpanExporter();
    const running = await bootstrapService({
      name: 'greeter',
      version: '9.9.9',
      rootModule: GreeterModule,
      configClass: GreeterConfig,
      env: { HTTP_PORT: '0', GREETING: 'hi there', SERVICE_INSTANCE_ID: 'greeter-1' },
      readinessChecks: { 'nats-connected': () => true },
      handleSignals: false,
      spanProcessors: [new SimpleSpanProcessor(spans)],
      logDestination: logs,
    });
    service = running;
    return running;
  }

  it('serves /healthz, /readyz (503 until every check passes) and /metrics on an ephemeral port', async () => {
    const running = await start();
    const base = `http://127.0.0.1:${running.port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);

    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ready: false,
      checks: [
        { name: 'nats-connected', ready: true },
        { name: 'warm-up', ready: false, detail: 'warming up' },
      ],
    });

    running.app.get(WarmUp).done = true;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()) as unknown).toMatchObject({ ready: true });

    expect(await (await fetch(`${base}/greet`)).json()).toEqual({ greeting: 'hi there' });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toContain('warden_greetings_total{service="greeter",instance="greeter-1"} 1');
    expect(text).toContain('warden_process_resident_memory_bytes');
  });

  it('announces the bound port and logs JSON lines with trace ids, including Nest’s own', async () => {
    const running = await start();
    await fetch(`http://127.0.0.1:${running.port}/greet`);

    expect(logs.withMessage('listening').at(-1)).toMatchObject({
      port: running.port,
      service: 'greeter',
      instance: 'greeter-1',
    });
    const greetSpan = spans.getFinishedSpans().find((span) => span.name === 'greet');
    expect(logs.withMessage('greeted').at(-1)).toMatchObject({ trace_id: greetSpan?.spanContext().traceId });
    expect(logs.records().some((record) => record['context'] === 'RoutesResolver')).toBe(true);
    expect(greetSpan?.resource.attributes['service.version']).toBe('9.9.9');
  });

  it('passes the app and its context to beforeListen', async () => {
    let seenGreeting: string | undefined;
    service = await bootstrapService({
      name: 'greeter',
      version: '1',
      rootModule: GreeterModule,
      configClass: GreeterConfig,
      env: { HTTP_PORT: '0' },
      handleSignals: false,
      logDestination: logs,
      beforeListen: (app, context) => {
        seenGreeting = app.get(GreeterConfig).GREETING;
        context.readiness.register('from-before-listen', () => true);
      },
    });

    expect(seenGreeting).toBe('hello');
    const report = await service.readiness.evaluate();
    expect(report.checks.map((check) => check.name)).toContain('from-before-listen');
  });

  it('stops serving and reports not ready after shutdown', async () => {
    const running = await start();
    const base = `http://127.0.0.1:${running.port}`;
    await running.shutdown();
    service = undefined;

    expect((await running.readiness.evaluate()).ready).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(logs.withMessage('shut down').length).toBeGreaterThan(0);
  });

  it('logs and rethrows a startup failure, releasing telemetry', async () => {
    await expect(
      bootstrapService({
        name: 'broken',
        version: '1',
        rootModule: FailingModule,
        configClass: ServiceBaseConfig,
        env: { HTTP_PORT: '0' },
        handleSignals: false,
        logDestination: logs,
      }),
    ).rejects.toThrow('streams could not be provisioned');

    expect(logs.withMessage('startup failed').at(-1)).toMatchObject({ level: 'fatal', service: 'broken' });
    const again = initTelemetry({ serviceName: 'next', serviceVersion: '1', instanceId: 'n' });
    await again.shutdown();
  });

  it('on SIGTERM reports not ready, closes the app, flushes and exits 0', async () => {
    const exits = new ProcessExitRecorder();
    const exitCode = exits.next();
    const running = await bootstrapService({
      name: 'greeter',
      version: '1',
      rootModule: GreeterModule,
      configClass: GreeterConfig,
      env: { HTTP_PORT: '0' },
      logDestination: logs,
    });
    service = running;

    process.emit('SIGTERM', 'SIGTERM');

    expect(await exitCode).toBe(0);
    expect(logs.withMessage('shutting down').at(-1)).toMatchObject({ reason: 'SIGTERM' });
    expect((await running.readiness.evaluate()).ready).toBe(false);
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
  });

  it('exits 1 when the graceful shutdown outlasts SHUTDOWN_TIMEOUT_MS', async () => {
    const exits = new ProcessExitRecorder();
    const exitCode = exits.next();
    service = await bootstrapService({
      name: 'stuck',
      version: '1',
      rootModule: StuckModule,
      configClass: ServiceBaseConfig,
      env: { HTTP_PORT: '0', SHUTDOWN_TIMEOUT_MS: '50' },
      logDestination: logs,
    });

    process.emit('SIGTERM', 'SIGTERM');

    expect(await exitCode).toBe(1);
    expect(logs.withMessage('graceful shutdown timed out; exiting').at(-1)).toMatchObject({ timeoutMs: 50 });
    const lateExit = exits.next();
    stuckDrain.release();
    await lateExit;
  });
});
