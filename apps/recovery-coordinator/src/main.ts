import { JetStreamServer, Messaging } from '@warden/messaging';
import { bootstrapService } from '@warden/telemetry';
import { RecoveryCoordinatorConfig } from './config/recovery-coordinator.config';
import { RECOVERY_COORDINATOR_SERVICE } from './engine/recovery-coordinator-engine';
import { RecoveryCoordinatorModule } from './recovery-coordinator.module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

bootstrapService({
  name: RECOVERY_COORDINATOR_SERVICE,
  version,
  rootModule: RecoveryCoordinatorModule,
  configClass: RecoveryCoordinatorConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
