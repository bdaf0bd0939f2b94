import type { ConfigFileErrorFactory } from './config-file-error';

type Mapping = Record<string, unknown>;

export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
}

/**
 * Reads one mapping of a parsed configuration file (YAML or JSON): every field is either absent — missing
 * or null, as YAML writes `key:` — and the fallback is kept, or valid. Every error names the file and the
 * field's path, and a field nobody read is an error too (`rejectUnknown`), so a typo does not silently
 * fall back to a default.
 *
 * Services extend it with readers of their own field types (durations, matchers, id tokens); `child` and
 * `children` build the same subclass, so those readers are there at every depth.
 */
export class ConfigFileReader {
  private readonly read = new Set<string>();

  constructor(
    readonly source: string,
    readonly path: string,
    private readonly mapping: Mapping,
    private readonly makeError: ConfigFileErrorFactory,
  ) {}

  /** Checks that `value` is a mapping, then reads it with `Reader` (this class or a subclass). */
  static mapping<R extends ConfigFileReader>(
    this: new (source: string, path: string, mapping: Mapping, makeError: ConfigFileErrorFactory) => R,
    source: string,
    path: string,
    value: unknown,
    makeError: ConfigFileErrorFactory,
  ): R {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw makeError(source, path || '(top level)', 'must be a mapping');
    return new this(source, path, value as Mapping, makeError);
  }

  /** The path of `key` under this mapping, as errors name it. */
  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    return this.failAt(this.at(key), problem);
  }

  /** For a field below this mapping that is not one of its keys (a list item: `order[1]`). */
  failAt(fieldPath: string, problem: string): never {
    throw this.makeError(this.source, fieldPath, problem);
  }

  has(key: string): boolean {
    return this.mapping[key] !== undefined && this.mapping[key] !== null;
  }

  /** The value as parsed (undefined when absent), marked as read. */
  raw(key: string): unknown {
    this.read.add(key);
    return this.mapping[key] ?? undefined;
  }

  child(key: string): this | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : this.derive(this.at(key), value);
  }

  children(key: string): this[] {
    const value = this.raw(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(key, 'must be a list');
    return value.map((entry, index) => this.derive(`${this.at(key)}[${index}]`, entry));
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length === 0) this.fail(key, 'must be a non-empty string');
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) this.fail(key, 'is required');
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') this.fail(key, 'must be true or false');
    return value;
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

  integer(key: string, fallback: number, min: number, max: number): number {
    return this.number(key, fallback, { min, max, integer: true });
  }

  oneOf<T extends string>(key: string, fallback: T, values: readonly T[]): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value))
      this.fail(key, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  strings(key: string, fallback: readonly string[] = []): string[] {
    return this.stringsMatching(key, fallback, /./, 'must be a non-empty string');
  }

  /** A list of strings, each matching `pattern`; an item that does not is named by its index. */
  stringsMatching(key: string, fallback: readonly string[], pattern: RegExp, problem: string): string[] {
    const value = this.raw(key);
    if (value === undefined) return [...fallback];
    if (!Array.isArray(value)) this.fail(key, 'must be a list');
    return value.map((item: unknown, index) => {
      if (typeof item !== 'string' || !pattern.test(item)) this.failAt(`${this.at(key)}[${index}]`, problem);
      return item;
    });
  }

  /** Call last: a field nobody read is unknown. */
  rejectUnknown(): void {
    for (const key of Object.keys(this.mapping)) {
      if (!this.read.has(key)) this.fail(key, 'is not a known field here');
    }
  }

  private derive(path: string, value: unknown): this {
    const Reader = this.constructor as typeof ConfigFileReader;
    return Reader.mapping.call(Reader, this.source, path, value, this.makeError) as this;
  }
}
