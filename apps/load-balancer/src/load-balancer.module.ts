import { Module } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { LoadBalancerConfig } from './config/load-balancer.config';
import { LOAD_BALANCER_SERVICE, LoadBalancerEngine } from './engine/load-balancer-engine';
import { loadBalancerSettingsOf } from './engine/load-balancer-settings';

@Module({
  imports: [
    MessagingModule.forService({
      service: LOAD_BALANCER_SERVICE,
      configClass: LoadBalancerConfig,
      streams: [Streams.COORDINATION, Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets['task-runs']],
    }),
  ],
  providers: [
    {
      provide: LoadBalancerEngine,
      useFactory: (
        messaging: Messaging,
        config: LoadBalancerConfig,
        logger: Logger,
        metrics: MetricsRegistry,
      ) => new LoadBalancerEngine(messaging, loadBalancerSettingsOf(config), logger, metrics),
      inject: [Messaging, LoadBalancerConfig, LOGGER, MetricsRegistry],
    },
    ...serviceEngines(LoadBalancerEngine),
  ],
})
export class LoadBalancerModule {}
