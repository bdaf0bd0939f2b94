import { JetStreamServer, Messaging } from '@warden/messaging';
import { bootstrapService, EXIT_CODE_CONFIGURATION_ERROR } from '@warden/telemetry';
import { AlertManagerConfig } from './config/alert-manager.config';
import { AlertingConfigError } from './config/alerting-config-error';
import { loadAlertingConfig } from './config/load-alerting-config';
import { ALERT_MANAGER_SERVICE } from './engine/alert-manager-engine';
import { AlertManagerModule } from './alert-manager.module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

function alertingConfigOrExit() {
  try {
    return loadAlertingConfig(process.env.ALERT_MANAGER_CONFIG_FILE || undefined);
  } catch (error) {
    if (!(error instanceof AlertingConfigError)) throw error;
    process.stderr.write(`${ALERT_MANAGER_SERVICE}: ALERT_MANAGER_CONFIG_FILE ${error.message}\n`);
    return process.exit(EXIT_CODE_CONFIGURATION_ERROR);
  }
}

bootstrapService({
  name: ALERT_MANAGER_SERVICE,
  version,
  rootModule: AlertManagerModule.withConfig(alertingConfigOrExit()),
  configClass: AlertManagerConfig,
  beforeListen: (app) => {
    app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) });
  },
}).catch(() => process.exit(1));
