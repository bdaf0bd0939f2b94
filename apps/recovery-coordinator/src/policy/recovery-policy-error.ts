import { ConfigFileError } from '@warden/telemetry';

/** A recovery policy file that cannot be used; names the file and the path of the bad field. */
export class RecoveryPolicyError extends ConfigFileError {
  override name = 'RecoveryPolicyError';
}
