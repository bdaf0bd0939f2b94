import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule, NatsConnectionConfig } from '@warden/messaging';
import { LOGGER, loadConfigOrExit, MetricsRegistry, ReadinessRegistry, type Logger } from '@warden/telemetry';
import { HealthCollectorConfig } from './config/health-collector.config';
import { loadThresholds } from './config/thresholds-file';
import { HEALTH_COLLECTOR_SERVICE, HealthCollectorEngine } from './engine/health-collector-engine';
import { HealthQueriesController } from './queries/health-queries.controller';
import { DEFAULT_SNAPSHOT_POLICY } from './registry/snapshot-policy';

/** Starts the engine once the app is up and stops it before messaging closes the connection. */
class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(HealthCollectorEngine) private readonly engine: HealthCollectorEngine,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('partitions', () => ({
      ready: this.engine.isReady(),
      detail: `owns ${this.engine.ownedPartitions().length} partitions; fleet view of ${this.engine.view.size} agents`,
    }));
    await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
  }
}

@Module({
  imports: [
    MessagingModule.forRootAsync({
      useFactory: (config: HealthCollectorConfig) => ({
        service: HEALTH_COLLECTOR_SERVICE,
        instanceId: config.SERVICE_INSTANCE_ID,
        connection: loadConfigOrExit(HEALTH_COLLECTOR_SERVICE, NatsConnectionConfig, process.env),
        streams: [Streams.SUPERVISION, Streams.DLQ],
        buckets: [Buckets.agents, Buckets.leases],
      }),
      inject: [HealthCollectorConfig],
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
    EngineLifecycle,
  ],
})
export class HealthCollectorModule {}
