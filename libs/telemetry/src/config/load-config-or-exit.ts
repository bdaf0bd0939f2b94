import { ConfigurationError } from './configuration-error';
import { loadConfig, type ConfigClass, type Environment } from './load-config';

/** sysexits.h EX_CONFIG: lets an orchestrator tell "misconfigured" apart from a crash. */
export const EXIT_CODE_CONFIGURATION_ERROR = 78;

/**
 * loadConfig for a process entry point: a ConfigurationError becomes one line on stderr and exit code
 * 78, because no logger exists yet and a stack trace would bury the variable name.
 */
export function loadConfigOrExit<T extends object>(
  serviceName: string,
  configClass: ConfigClass<T>,
  env: Environment,
): T {
  try {
    return loadConfig(configClass, env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    return process.exit(EXIT_CODE_CONFIGURATION_ERROR);
  }
}
