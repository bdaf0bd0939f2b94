import { Module } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { RecoveryCoordinatorConfig } from './config/recovery-coordinator.config';
import {
  RECOVERY_COORDINATOR_SERVICE,
  RecoveryCoordinatorEngine,
} from './engine/recovery-coordinator-engine';
import { RecoveryHandlersController } from './engine/recovery-handlers.controller';
import { loadRecoveryPolicy } from './policy/load-recovery-policy';

@Module({
  imports: [
    MessagingModule.forService({
      service: RECOVERY_COORDINATOR_SERVICE,
      configClass: RecoveryCoordinatorConfig,
      streams: [Streams.SUPERVISION, Streams.COORDINATION, Streams.DLQ],
      buckets: [Buckets.agents, Buckets.recovery],
    }),
  ],
  controllers: [RecoveryHandlersController],
  providers: [
    {
      provide: RecoveryCoordinatorEngine,
      useFactory: (
        messaging: Messaging,
        config: RecoveryCoordinatorConfig,
        logger: Logger,
        metrics: MetricsRegistry,
      ) =>
        new RecoveryCoordinatorEngine(
          messaging,
          { instanceId: config.SERVICE_INSTANCE_ID, policy: loadRecoveryPolicy(config.RECOVERY_POLICY_FILE) },
          logger,
          metrics,
        ),
      inject: [Messaging, RecoveryCoordinatorConfig, LOGGER, MetricsRegistry],
    },
    ...serviceEngines(RecoveryCoordinatorEngine),
  ],
})
export class RecoveryCoordinatorModule {}
