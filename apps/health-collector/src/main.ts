import { Messaging, JetStreamServer } from '@warden/messaging';
import { bootstrapService } from '@warden/telemetry';
import { HealthCollectorConfig } from './config/health-collector.config';
import { HEALTH_COLLECTOR_SERVICE } from './engine/health-collector-engine';
import { HealthCollectorModule } from './health-collector.module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

bootstrapService({
  name: HEALTH_COLLECTOR_SERVICE,
  version,
  rootModule: HealthCollectorModule,
  configClass: HealthCollectorConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
