import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule, NatsConnectionConfig } from '@warden/messaging';
import { LOGGER, loadConfigOrExit, MetricsRegistry, ReadinessRegistry, type Logger } from '@warden/telemetry';
import { RecoveryCoordinatorConfig } from './config/recovery-coordinator.config';
import {
  RECOVERY_COORDINATOR_SERVICE,
  RecoveryCoordinatorEngine,
} from './engine/recovery-coordinator-engine';
import { RecoveryHandlersController } from './engine/recovery-handlers.controller';
import { loadRecoveryPolicy } from './policy/load-recovery-policy';

/** Starts the engine before the durable consumers bind, and stops it before messaging closes the connection. */
class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(RecoveryCoordinatorEngine) private readonly engine: RecoveryCoordinatorEngine,
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.readiness.register('recovery', () => ({
      ready: this.engine.isReady(),
      detail: `registry of ${this.engine.registry.size} agents; ${this.engine.activeRuns} recovery runs here`,
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
      useFactory: (config: RecoveryCoordinatorConfig) => ({
        service: RECOVERY_COORDINATOR_SERVICE,
        instanceId: config.SERVICE_INSTANCE_ID,
        connection: loadConfigOrExit(RECOVERY_COORDINATOR_SERVICE, NatsConnectionConfig, process.env),
        streams: [Streams.SUPERVISION, Streams.COORDINATION, Streams.DLQ],
        buckets: [Buckets.agents, Buckets.recovery],
      }),
      inject: [RecoveryCoordinatorConfig],
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
    EngineLifecycle,
  ],
})
export class RecoveryCoordinatorModule {}
