import { ConfigurationError } from '../config/configuration-error';
import { EXIT_CODE_CONFIGURATION_ERROR } from '../config/load-config-or-exit';
import { initTelemetry, type Telemetry, type TelemetryOptions } from './init-telemetry';

/**
 * initTelemetry for a process entry point: an invalid OTEL_* variable becomes one line on stderr naming
 * it and exit code 78, like loadConfigOrExit, instead of a stack trace or a silent exit.
 */
export function initTelemetryOrExit(options: TelemetryOptions): Telemetry {
  try {
    return initTelemetry(options);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${options.serviceName}: ${error.message}\n`);
    return process.exit(EXIT_CODE_CONFIGURATION_ERROR);
  }
}
