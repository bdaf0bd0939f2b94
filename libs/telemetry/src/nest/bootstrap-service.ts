import type { INestApplication } from '@nestjs/common';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { DestinationStream, Logger } from 'pino';
import type { ConfigClass, Environment } from '../config/load-config';
import { loadConfigOrExit } from '../config/load-config-or-exit';
import type { ServiceBaseConfig } from '../config/service-base-config';
import { createLogger } from '../logging/create-logger';
import { MetricsRegistry } from '../metrics/metrics-registry';
import type { Telemetry } from '../otel/init-telemetry';
import { initTelemetryOrExit } from '../otel/init-telemetry-or-exit';
import type { ReadinessCheck } from '../readiness/readiness-check';
import { ReadinessRegistry } from '../readiness/readiness-registry';
import { createServiceApp, listenOnPort, type ServiceRootModule } from './create-service-app';
import { ServiceShutdown } from './service-shutdown';
import { exitGracefullyOnSignals } from './shutdown-signals';

export interface ServiceContext<C extends ServiceBaseConfig> {
  readonly name: string;
  readonly version: string;
  readonly config: C;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: ReadinessRegistry;
  readonly telemetry: Telemetry;
}

export interface BootstrapServiceOptions<C extends ServiceBaseConfig> {
  readonly name: string;
  readonly version: string;
  readonly rootModule: ServiceRootModule;
  readonly configClass: ConfigClass<C>;
  readonly readinessChecks?: Readonly<Record<string, ReadinessCheck>>;
  /** Connect microservices (custom transport strategies) here; they are started before HTTP listens. */
  beforeListen?(app: INestApplication, context: ServiceContext<C>): void | Promise<void>;
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Install SIGTERM/SIGINT handlers that shut down and exit; default true. In-process tests turn it off. */
  readonly handleSignals?: boolean;
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly logDestination?: DestinationStream;
}

export interface RunningService<C extends ServiceBaseConfig> extends ServiceContext<C> {
  readonly app: INestApplication;
  /** The bound HTTP port (differs from HTTP_PORT when that is 0). */
  readonly port: number;
  /** The same graceful shutdown a signal triggers, without exiting the process. */
  shutdown(): Promise<void>;
}

/**
 * Starts a Warden service: validated config (exit 78 on a bad variable), tracing, JSON logs, metrics,
 * the Nest app with /healthz, /readyz and /metrics, the caller's microservices, then HTTP; logs
 * `listening` with the bound `port` for launchers. A startup failure is logged, cleaned up and rethrown.
 */
export async function bootstrapService<C extends ServiceBaseConfig>(
  options: BootstrapServiceOptions<C>,
): Promise<RunningService<C>> {
  const config = loadConfigOrExit(options.name, options.configClass, options.env ?? process.env);
  const telemetry = initTelemetryOrExit({
    serviceName: options.name,
    serviceVersion: options.version,
    instanceId: config.SERVICE_INSTANCE_ID,
    spanProcessors: options.spanProcessors,
  });
  const logger = createLogger({
    service: options.name,
    instanceId: config.SERVICE_INSTANCE_ID,
    level: config.LOG_LEVEL,
    destination: options.logDestination,
  });
  const metrics = new MetricsRegistry({ service: options.name, instanceId: config.SERVICE_INSTANCE_ID });
  const readiness = new ReadinessRegistry();
  for (const [name, check] of Object.entries(options.readinessChecks ?? {})) readiness.register(name, check);
  const context: ServiceContext<C> = {
    name: options.name,
    version: options.version,
    config,
    logger,
    metrics,
    readiness,
    telemetry,
  };

  let app: INestApplication | undefined;
  try {
    app = await createServiceApp({
      rootModule: options.rootModule,
      logger,
      metrics,
      readiness,
      config: { configClass: options.configClass, value: config },
    });
    await options.beforeListen?.(app, context);
    await app.startAllMicroservices();
    const port = await listenOnPort(app, config.HTTP_PORT);
    logger.info({ port, version: options.version }, 'listening');

    const shutdown = new ServiceShutdown({ app, telemetry, logger, readiness });
    const removeSignalHandlers =
      (options.handleSignals ?? true)
        ? exitGracefullyOnSignals(shutdown, logger, config.SHUTDOWN_TIMEOUT_MS)
        : () => {};
    return {
      ...context,
      app,
      port,
      shutdown: async () => {
        removeSignalHandlers();
        await shutdown.run('requested');
      },
    };
  } catch (error) {
    logger.fatal({ err: error }, 'startup failed');
    await app
      ?.close()
      .catch((closeError: unknown) => logger.error({ err: closeError }, 'close after failed startup failed'));
    await telemetry.shutdown();
    logger.flush();
    throw error;
  }
}
