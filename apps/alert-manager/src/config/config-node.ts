import { ConfigFileReader } from '@warden/telemetry';
import { InvalidMatcherError, Matcher } from '../domain/matcher';
import { AlertingConfigError } from './alerting-config-error';
import { parseDuration } from './duration';

/**
 * One mapping of the alerting file: the shared `ConfigFileReader` (typed reads with defaults, the field's
 * path in every error — `route.routes[1].matchers[0]` — and unknown keys rejected) plus the alerting
 * file's own field types, Prometheus durations and amtool matchers.
 */
export class ConfigNode extends ConfigFileReader {
  static of(source: string, path: string, value: unknown): ConfigNode {
    return ConfigNode.mapping(source, path, value, (...args) => new AlertingConfigError(...args));
  }

  /** A Prometheus duration (`30s`, `5m`, `1h30m`) or a number of milliseconds. */
  duration(key: string, fallback: number, minMs: number, maxMs: number): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const ms =
      typeof value === 'number' ? value : typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || !Number.isInteger(ms))
      this.fail(key, 'must be a duration such as 30s, 5m, 1h30m or 500ms');
    if (ms < minMs || ms > maxMs) this.fail(key, `must be from ${minMs} ms to ${maxMs} ms`);
    return ms;
  }

  /** Matchers in amtool's syntax: `severity="critical"`, `zone=~"eu-.*"`. */
  matchers(key: string): Matcher[] {
    return this.strings(key).map((text, index) => {
      try {
        return Matcher.parse(text);
      } catch (error) {
        if (error instanceof InvalidMatcherError) this.failAt(`${this.at(key)}[${index}]`, error.reason);
        throw error;
      }
    });
  }
}
