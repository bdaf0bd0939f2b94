import { ConfigFileError } from '@warden/telemetry';

/** An alerting configuration that cannot be used; names the file and the path of the bad field. */
export class AlertingConfigError extends ConfigFileError {
  override name = 'AlertingConfigError';
}
