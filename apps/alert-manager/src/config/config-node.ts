import { InvalidMatcherError, Matcher } from '../domain/matcher';
import { AlertingConfigError } from './alerting-config-error';
import { parseDuration } from './duration';

type Mapping = Record<string, unknown>;

/**
 * One mapping of the alerting file: typed reads with defaults, and every error naming the file and the
 * field's path (`route.routes[1].matchers[0]`). A key nobody read is an error too (`rejectUnknown`), so a
 * typo does not silently fall back to a default.
 */
export class ConfigNode {
  private readonly read = new Set<string>();

  private constructor(
    readonly source: string,
    readonly path: string,
    private readonly mapping: Mapping,
  ) {}

  static of(source: string, path: string, value: unknown): ConfigNode {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new AlertingConfigError(source, path || '(top level)', 'must be a mapping');
    return new ConfigNode(source, path, value as Mapping);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  fail(key: string, problem: string): never {
    throw new AlertingConfigError(this.source, this.at(key), problem);
  }

  has(key: string): boolean {
    return this.mapping[key] !== undefined && this.mapping[key] !== null;
  }

  raw(key: string): unknown {
    this.read.add(key);
    return this.mapping[key] ?? undefined;
  }

  child(key: string): ConfigNode | undefined {
    const value = this.raw(key);
    return value === undefined || value === null
      ? undefined
      : ConfigNode.of(this.source, this.at(key), value);
  }

  children(key: string): ConfigNode[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(key, 'must be a list');
    return value.map((entry, index) => ConfigNode.of(this.source, `${this.at(key)}[${index}]`, entry));
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
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
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(key, 'must be true or false');
    return value;
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      this.fail(key, `must be an integer from ${min} to ${max}`);
    return value;
  }

  /** A Prometheus duration (`30s`, `5m`, `1h30m`) or a number of milliseconds. */
  duration(key: string, fallback: number, minMs: number, maxMs: number): number {
    const value = this.raw(key);
    if (value === undefined || value === null) return fallback;
    const ms =
      typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || !Number.isInteger(ms))
      this.fail(key, 'must be a duration such as 30s, 5m, 1h30m or 500ms');
    if (ms < minMs || ms > maxMs) this.fail(key, `must be from ${minMs} ms to ${maxMs} ms`);
    return ms;
  }

  strings(key: string, fallback: readonly string[] = []): string[] {
    const value = this.raw(key);
    if (value === undefined || value === null) return [...fallback];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length === 0))
      this.fail(key, 'must be a list of non-empty strings');
    return value as string[];
  }

  /** Matchers in amtool's syntax: `severity="critical"`, `zone=~"eu-.*"`. */
  matchers(key: string): Matcher[] {
    return this.strings(key).map((text, index) => {
      try {
        return Matcher.parse(text);
      } catch (error) {
        if (error instanceof InvalidMatcherError)
          throw new AlertingConfigError(this.source, `${this.at(key)}[${index}]`, error.reason);
        throw error;
      }
    });
  }

  rejectUnknown(): void {
    for (const key of Object.keys(this.mapping)) {
      if (!this.read.has(key)) this.fail(key, 'is not a known field here');
    }
  }
}
