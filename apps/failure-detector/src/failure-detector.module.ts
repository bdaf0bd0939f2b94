import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule, NatsConnectionConfig } from '@warden/messaging';
import { LOGGER, loadConfigOrExit, MetricsRegistry, ReadinessRegistry, type Logger } from '@warden/telemetry';
import { FailureDetectorConfig } from './config/failure-detector.config';
import { FAILURE_DETECTOR_SERVICE, FailureDetectorEngine } from './engine/failure-detector-engine';
import { loadPatternSettings, PatternDetectionConfig, PatternDetectionEngine } from './patterns';
import { loadDetectionSettings } from './settings/load-detection-settings';

/**
 * Starts pattern detection, then the detection engine (whose failures patterns explain), once the app
 * is up; stops them in reverse order before messaging closes the connection.
 */
class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(FailureDetectorEngine) private readonly engine: FailureDetectorEngine,
    @Inject(PatternDetectionEngine) private readonly patterns: PatternDetectionEngine,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('partitions', () => ({
      ready: this.engine.isReady(),
      detail: `owns ${this.engine.ownedPartitions().length} partitions; monitors ${this.engine.fleet.size} agents`,
    }));
    this.readiness.register('patterns', () => ({
      ready: this.patterns.isReady(),
      detail: this.patterns.isOwner()
        ? 'runs pattern detection'
        : 'follows the patterns another replica detects',
    }));
    await this.patterns.start();
    await this.engine.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.stop();
    await this.patterns.stop();
  }
}

@Module({
  imports: [
    MessagingModule.forRootAsync({
      useFactory: (config: FailureDetectorConfig) => ({
        service: FAILURE_DETECTOR_SERVICE,
        instanceId: config.SERVICE_INSTANCE_ID,
        connection: loadConfigOrExit(FAILURE_DETECTOR_SERVICE, NatsConnectionConfig, process.env),
        streams: [Streams.SUPERVISION, Streams.DLQ],
        buckets: [Buckets.agents, Buckets.leases],
      }),
      inject: [FailureDetectorConfig],
    }),
  ],
  providers: [
    {
      provide: PatternDetectionEngine,
      useFactory: (
        messaging: Messaging,
        config: FailureDetectorConfig,
        logger: Logger,
        metrics: MetricsRegistry,
      ) =>
        new PatternDetectionEngine(
          messaging,
          {
            instanceId: config.SERVICE_INSTANCE_ID,
            patterns: loadPatternSettings(
              loadConfigOrExit(FAILURE_DETECTOR_SERVICE, PatternDetectionConfig, process.env),
            ),
          },
          logger,
          metrics,
        ),
      inject: [Messaging, FailureDetectorConfig, LOGGER, MetricsRegistry],
    },
    {
      provide: FailureDetectorEngine,
      useFactory: (
        messaging: Messaging,
        config: FailureDetectorConfig,
        logger: Logger,
        metrics: MetricsRegistry,
        patterns: PatternDetectionEngine,
      ) =>
        new FailureDetectorEngine(
          messaging,
          {
            instanceId: config.SERVICE_INSTANCE_ID,
            detection: loadDetectionSettings(config.DETECTION_RULES_FILE),
            tickIntervalMs: config.TICK_INTERVAL_MS,
            forgetAfterMs: config.FORGET_AFTER_MS,
          },
          logger,
          metrics,
          patterns,
        ),
      inject: [Messaging, FailureDetectorConfig, LOGGER, MetricsRegistry, PatternDetectionEngine],
    },
    EngineLifecycle,
  ],
})
export class FailureDetectorModule {}
