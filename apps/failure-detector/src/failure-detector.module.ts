import { Module } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, loadConfigOrExit, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { FailureDetectorConfig } from './config/failure-detector.config';
import { FAILURE_DETECTOR_SERVICE, FailureDetectorEngine } from './engine/failure-detector-engine';
import { loadPatternSettings, PatternDetectionConfig, PatternDetectionEngine } from './patterns';
import { loadDetectionSettings } from './settings/load-detection-settings';

@Module({
  imports: [
    MessagingModule.forService({
      service: FAILURE_DETECTOR_SERVICE,
      configClass: FailureDetectorConfig,
      streams: [Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets.agents, Buckets.leases],
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
    ...serviceEngines(PatternDetectionEngine, FailureDetectorEngine),
  ],
})
export class FailureDetectorModule {}
