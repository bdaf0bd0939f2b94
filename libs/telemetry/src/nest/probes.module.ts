import { Module } from '@nestjs/common';
import { ProbesController } from './probes.controller';

/** Serves /healthz, /readyz and /metrics; needs TelemetryModule's providers. */
@Module({ controllers: [ProbesController] })
export class ProbesModule {}
