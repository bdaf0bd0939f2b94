import { Module } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { HealthCollectorConfig } from './config/health-collector.config';
import { loadThresholds } from './config/thresholds-file';
import { HEALTH_COLLECTOR_SERVICE, HealthCollectorEngine } from './engine/health-collector-engine';
import { HealthQueriesController } from './queries/health-queries.controller';
import { DEFAULT_SNAPSHOT_POLICY } from './registry/snapshot-policy';

@Module({
  imports: [
    MessagingModule.forService({
      service: HEALTH_COLLECTOR_SERVICE,
      configClass: HealthCollectorConfig,
      streams: [Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets.agents, Buckets.leases],
    }),
  ],
  controllers: [HealthQueriesController],
  providers: [
    {
      provide: HealthCollectorEngine,
      useFactory: (
        messaging: Messaging,
        config: HealthCollectorConfig,
        logger: Logger,
        metrics: MetricsRegistry,
      ) =>
        new HealthCollectorEngine(
          messaging,
          {
            instanceId: config.SERVICE_INSTANCE_ID,
            thresholds: loadThresholds(config.HEALTH_THRESHOLDS_FILE),
            sweepIntervalMs: config.SWEEP_INTERVAL_MS,
            snapshotIntervalMs: config.SNAPSHOT_INTERVAL_MS,
            snapshotPolicy: { ...DEFAULT_SNAPSHOT_POLICY, maxAgeMs: config.SNAPSHOT_MAX_AGE_MS },
            stoppedRetentionMs: config.STOPPED_RETENTION_MS,
          },
          logger,
          metrics,
        ),
      inject: [Messaging, HealthCollectorConfig, LOGGER, MetricsRegistry],
    },
    ...serviceEngines(HealthCollectorEngine),
  ],
})
export class HealthCollectorModule {}
