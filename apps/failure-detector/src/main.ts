import { Messaging, JetStreamServer } from '@warden/messaging';
import { bootstrapService } from '@warden/telemetry';
import { FailureDetectorConfig } from './config/failure-detector.config';
import { FAILURE_DETECTOR_SERVICE } from './engine/failure-detector-engine';
import { FailureDetectorModule } from './failure-detector.module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

bootstrapService({
  name: FAILURE_DETECTOR_SERVICE,
  version,
  rootModule: FailureDetectorModule,
  configClass: FailureDetectorConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
