import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../metrics/metrics-registry';
import type { ReadinessRegistry } from '../readiness/readiness-registry';
import { HttpServerNotBoundError } from './http-server-not-bound-error';
import { httpServerSpans } from './http-server-spans';
import { PinoNestLogger } from './pino-nest-logger';
import { ProbesModule } from './probes.module';
import { TelemetryModule, type TelemetryModuleOptions } from './telemetry.module';

export type ServiceRootModule = Type<unknown> | DynamicModule;

export interface ServiceAppParts {
  readonly rootModule: ServiceRootModule;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly readiness: ReadinessRegistry;
  readonly config?: TelemetryModuleOptions['config'];
}

/** Wraps the app's root module with the telemetry providers and the probe endpoints. */
@Module({})
class ServiceHostModule {}

/** Creates (but does not start) the Nest HTTP application of a service. */
export async function createServiceApp(parts: ServiceAppParts): Promise<INestApplication> {
  const hostModule: DynamicModule = {
    module: ServiceHostModule,
    imports: [
      TelemetryModule.forRoot({
        logger: parts.logger,
        metrics: parts.metrics,
        readiness: parts.readiness,
        config: parts.config,
      }),
      ProbesModule,
      parts.rootModule,
    ],
  };
  // abortOnError off: Nest would otherwise call process.abort() on a startup error, skipping our logs and exit code.
  const app = await NestFactory.create(hostModule, new ExpressAdapter(), {
    logger: new PinoNestLogger(parts.logger),
    abortOnError: false,
  });
  // Registered before Nest adds its routes, so every request, probes and 404s included, is a server span.
  app.use(httpServerSpans());
  return app;
}

/** Listens on `port` (0 = any free port) and returns the port actually bound. */
export async function listenOnPort(app: INestApplication, port: number): Promise<number> {
  await app.listen(port);
  const address: AddressInfo | string | null = app.getHttpServer().address();
  if (address === null || typeof address === 'string') {
    throw new HttpServerNotBoundError(String(address));
  }
  return address.port;
}
