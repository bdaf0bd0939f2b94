import { Module } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { ConsensusCoordinatorConfig } from './config/consensus-coordinator.config';
import { CoordinationHandlersController } from './engine/coordination-handlers.controller';
import {
  CONSENSUS_COORDINATOR_SERVICE,
  ConsensusCoordinatorEngine,
} from './engine/consensus-coordinator-engine';

@Module({
  imports: [
    MessagingModule.forService({
      service: CONSENSUS_COORDINATOR_SERVICE,
      configClass: ConsensusCoordinatorConfig,
      streams: [Streams.COORDINATION, Streams.DLQ],
      // `fences` is for the agents' fenced resources (agent-sdk openFencedResources); nothing here writes it.
      buckets: [Buckets.coordination, Buckets.consensus, Buckets.fences],
    }),
  ],
  controllers: [CoordinationHandlersController],
  providers: [
    {
      provide: ConsensusCoordinatorEngine,
      useFactory: (
        messaging: Messaging,
        config: ConsensusCoordinatorConfig,
        logger: Logger,
        metrics: MetricsRegistry,
      ) =>
        new ConsensusCoordinatorEngine(
          messaging,
          {
            instanceId: config.SERVICE_INSTANCE_ID,
            leaseTtlMs: config.COORDINATOR_LEASE_TTL_MS,
            acceptorTimeoutMs: config.PAXOS_ACCEPTOR_TIMEOUT_MS,
            maxAttempts: config.PAXOS_MAX_ATTEMPTS,
            maxBackoffMs: config.PAXOS_MAX_BACKOFF_MS,
            sweepMs: config.EXPIRY_SWEEP_MS,
          },
          logger,
          metrics,
        ),
      inject: [Messaging, ConsensusCoordinatorConfig, LOGGER, MetricsRegistry],
    },
    ...serviceEngines(ConsensusCoordinatorEngine),
  ],
})
export class ConsensusCoordinatorModule {}
