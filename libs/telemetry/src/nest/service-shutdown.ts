import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Telemetry } from '../otel/init-telemetry';
import type { ReadinessRegistry } from '../readiness/readiness-registry';

export interface ServiceShutdownParts {
  readonly app: INestApplication;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
  readonly readiness: ReadinessRegistry;
}

/**
 * The ordered, run-once shutdown of a service: report not ready (stop taking work), close Nest
 * (its destroy/shutdown hooks drain subscriptions and release leases, then HTTP and microservices
 * close), and only then flush spans and logs, so the hooks' own spans and lines are not lost.
 */
export class ServiceShutdown {
  private running: Promise<void> | undefined;

  constructor(private readonly parts: ServiceShutdownParts) {}

  get started(): boolean {
    return this.running !== undefined;
  }

  run(reason: string): Promise<void> {
    this.running ??= this.execute(reason);
    return this.running;
  }

  private async execute(reason: string): Promise<void> {
    const { app, telemetry, logger, readiness } = this.parts;
    readiness.markShuttingDown();
    logger.info({ reason }, 'shutting down');
    try {
      await app.close();
      logger.info('shut down');
    } finally {
      await telemetry.shutdown();
      logger.flush();
    }
  }
}
