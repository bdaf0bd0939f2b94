import { Module, type DynamicModule } from '@nestjs/common';
import { Buckets, Streams } from '@warden/contracts';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { AlertManagerConfig } from './config/alert-manager.config';
import type { AlertingConfig } from './config/alerting-config';
import { ALERT_MANAGER_SERVICE, AlertManagerEngine } from './engine/alert-manager-engine';
import { AlertHandlersController } from './engine/alert-handlers.controller';
import { AlertHistoryController } from './http/alert-history.controller';
import { AlertmanagerV2Controller } from './http/alertmanager-v2.controller';

/** The service's module for one validated alerting configuration (loaded before Nest starts, so a bad file exits 78). */
@Module({})
export class AlertManagerModule {
  static withConfig(alerting: AlertingConfig): DynamicModule {
    return {
      module: AlertManagerModule,
      imports: [
        MessagingModule.forService({
          service: ALERT_MANAGER_SERVICE,
          configClass: AlertManagerConfig,
          streams: [Streams.SUPERVISION, Streams.COORDINATION, Streams.ALERTS, Streams.DLQ],
          buckets: [
            Buckets.leases,
            Buckets.alerts,
            Buckets.silences,
            Buckets.incidents,
            Buckets.notifications,
          ],
        }),
      ],
      controllers: [AlertHandlersController, AlertmanagerV2Controller, AlertHistoryController],
      providers: [
        {
          provide: AlertManagerEngine,
          useFactory: (
            messaging: Messaging,
            config: AlertManagerConfig,
            logger: Logger,
            metrics: MetricsRegistry,
          ) =>
            new AlertManagerEngine(
              messaging,
              { instanceId: config.SERVICE_INSTANCE_ID, config: alerting },
              logger,
              metrics,
            ),
          inject: [Messaging, AlertManagerConfig, LOGGER, MetricsRegistry],
        },
        ...serviceEngines(AlertManagerEngine),
      ],
    };
  }
}
