import { ID_TOKEN_PATTERN } from '@warden/contracts';
import { RecoveryPolicyError } from './recovery-policy-error';

export type Mapping = Record<string, unknown>;

export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
}

/**
 * Reads one mapping of a policy file: every field either absent (the fallback is kept) or valid, and a
 * field the mapping does not know is an error. Every error names the file and the field's path
 * (`groups[1].backoff.factor`), so a bad file stops startup with a message an operator can act on.
 */
export class PolicyFieldReader {
  private readonly read = new Set<string>();

  constructor(
    private readonly source: string,
    private readonly path: string,
    private readonly mapping: Mapping,
  ) {}

  static of(source: string, path: string, value: unknown): PolicyFieldReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new RecoveryPolicyError(source, path || '(top level)', 'must be a mapping');
    return new PolicyFieldReader(source, path, value as Mapping);
  }

  fieldPath(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new RecoveryPolicyError(this.source, this.fieldPath(key), problem);
  }

  has(key: string): boolean {
    return this.mapping[key] !== undefined;
  }

  raw(key: string): unknown {
    this.read.add(key);
    return this.mapping[key];
  }

  child(key: string): PolicyFieldReader | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    return PolicyFieldReader.of(this.source, this.fieldPath(key), value);
  }

  number(key: string, fallback: number, rule: NumberRule): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(key, 'must be a number');
    if (rule.integer && !Number.isInteger(value)) this.fail(key, 'must be a whole number');
    if (value < rule.min) this.fail(key, `must be at least ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) this.fail(key, `must be at most ${rule.max}`);
    return value;
  }

  oneOf<T extends string>(key: string, fallback: T, values: readonly T[]): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      this.fail(key, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  idToken(key: string, fallback?: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !ID_TOKEN_PATTERN.test(value))
      this.fail(key, 'must be 1-128 characters from [A-Za-z0-9_-]');
    return value;
  }

  idTokens(key: string, fallback: string[]): string[] {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) this.fail(key, 'must be a list');
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || !ID_TOKEN_PATTERN.test(item))
        throw new RecoveryPolicyError(
          this.source,
          `${this.fieldPath(key)}[${index}]`,
          'must be 1-128 characters from [A-Za-z0-9_-]',
        );
      return item;
    });
  }

  /** Call last: a field nobody read is unknown (a typo must not silently fall back to a default). */
  rejectUnknown(): void {
    for (const key of Object.keys(this.mapping)) {
      if (!this.read.has(key)) this.fail(key, 'is not a known field');
    }
  }
}
