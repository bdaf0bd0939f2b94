import { JetStreamServer, Messaging } from '@warden/messaging';
import { bootstrapService } from '@warden/telemetry';
import { ConsensusCoordinatorModule } from './consensus-coordinator.module';
import { ConsensusCoordinatorConfig } from './config/consensus-coordinator.config';
import { CONSENSUS_COORDINATOR_SERVICE } from './engine/consensus-coordinator-engine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

bootstrapService({
  name: CONSENSUS_COORDINATOR_SERVICE,
  version,
  rootModule: ConsensusCoordinatorModule,
  configClass: ConsensusCoordinatorConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
