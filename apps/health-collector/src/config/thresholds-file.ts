import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  DEFAULT_HEALTH_THRESHOLDS,
  validateThresholds,
  type HealthThresholds,
} from '../registry/health-thresholds';

export class ThresholdsFileError extends Error {
  constructor(path: string, reason: string) {
    super(`HEALTH_THRESHOLDS_FILE=${path}: ${reason}`);
    this.name = 'ThresholdsFileError';
  }
}

type Overrides = { [key: string]: number | Overrides };

/** Defaults, overridden field by field by the file's values; unknown fields and non-numbers are errors. */
export function loadThresholds(path: string | undefined): HealthThresholds {
  if (!path) return DEFAULT_HEALTH_THRESHOLDS;
  let overrides: unknown;
  try {
    overrides = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ThresholdsFileError(path, (error as Error).message);
  }
  const merged = structuredClone(DEFAULT_HEALTH_THRESHOLDS) as unknown as Overrides;
  merge(merged, overrides, path, '');
  try {
    return validateThresholds(merged as unknown as HealthThresholds);
  } catch (error) {
    throw new ThresholdsFileError(path, (error as Error).message);
  }
}

function merge(target: Overrides, source: unknown, path: string, at: string): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new ThresholdsFileError(path, `${at || 'the file'} must be a mapping`);
  }
  for (const [key, value] of Object.entries(source)) {
    const field = at ? `${at}.${key}` : key;
    if (!(key in target)) throw new ThresholdsFileError(path, `unknown field ${field}`);
    const current = target[key];
    if (typeof current === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new ThresholdsFileError(path, `${field} must be a number`);
      target[key] = value;
    } else {
      merge(current, value, path, field);
    }
  }
}
