import { JetStreamServer, Messaging } from '@warden/messaging';
import { bootstrapService } from '@warden/telemetry';
import { LoadBalancerConfig } from './config/load-balancer.config';
import { LOAD_BALANCER_SERVICE } from './engine/load-balancer-engine';
import { LoadBalancerModule } from './load-balancer.module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

bootstrapService({
  name: LOAD_BALANCER_SERVICE,
  version,
  rootModule: LoadBalancerModule,
  configClass: LoadBalancerConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
