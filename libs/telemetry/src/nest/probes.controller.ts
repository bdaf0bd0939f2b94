import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { MetricsRegistry } from '../metrics/metrics-registry';
import type { ReadinessReport } from '../readiness/readiness-check';
import { ReadinessRegistry } from '../readiness/readiness-registry';

/** The part of the HTTP response the probes touch; keeps this controller free of express types. */
interface ProbeResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

/** Kubernetes liveness and readiness probes and the Prometheus scrape endpoint. */
@Controller()
export class ProbesController {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(MetricsRegistry) private readonly metricsRegistry: MetricsRegistry,
  ) {}

  /** Live while the event loop answers; dependencies are readiness's business, so a NATS outage does not restart pods. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) response: ProbeResponse): Promise<ReadinessReport> {
    const report = await this.readiness.evaluate();
    response.status(report.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) response: ProbeResponse): Promise<string> {
    response.setHeader('Content-Type', this.metricsRegistry.contentType);
    return this.metricsRegistry.render();
  }
}
