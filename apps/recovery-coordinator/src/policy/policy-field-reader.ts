import { ID_TOKEN_PATTERN } from '@warden/contracts';
import { ConfigFileReader } from '@warden/telemetry';
import { RecoveryPolicyError } from './recovery-policy-error';

const ID_TOKEN_PROBLEM = 'must be 1-128 characters from [A-Za-z0-9_-]';

/**
 * Reads one mapping of a recovery policy file (the shared `ConfigFileReader`: typed fields, the path of a
 * bad field in every error, unknown fields rejected) plus the policy's own field type, id tokens (group
 * names and agent ids, which become subject tokens).
 */
export class PolicyFieldReader extends ConfigFileReader {
  static of(source: string, path: string, value: unknown): PolicyFieldReader {
    return PolicyFieldReader.mapping(source, path, value, (...args) => new RecoveryPolicyError(...args));
  }

  idToken(key: string, fallback?: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !ID_TOKEN_PATTERN.test(value)) this.fail(key, ID_TOKEN_PROBLEM);
    return value;
  }

  idTokens(key: string, fallback: string[]): string[] {
    return this.stringsMatching(key, fallback, ID_TOKEN_PATTERN, ID_TOKEN_PROBLEM);
  }
}
