import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_DETECTION_SETTINGS, type DetectionSettings } from './detection-settings';
import { DetectionSettingsError } from './detection-settings-error';
import { validateDetectionSettings } from './validate-detection-settings';

type Tree = { [key: string]: Leaf | Tree };
type Leaf = number | boolean | string;

/**
 * The documented defaults, overridden field by field by a YAML or JSON file (JSON is YAML). A field the
 * defaults do not have, a value of another type, or a value out of range stops startup with an error
 * naming the file and the field's path (`signals.stuck.forMs`).
 */
export function loadDetectionSettings(path: string | undefined): DetectionSettings {
  if (!path) return DEFAULT_DETECTION_SETTINGS;
  let overrides: unknown;
  try {
    overrides = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DetectionSettingsError(
      path,
      '(file)',
      `cannot be read as YAML or JSON: ${(error as Error).message}`,
    );
  }
  const merged = structuredClone(DEFAULT_DETECTION_SETTINGS) as unknown as Tree;
  if (overrides !== null && overrides !== undefined) overlay(merged, overrides, path, '');
  return validateDetectionSettings(merged as unknown as DetectionSettings, path);
}

function overlay(target: Tree, source: unknown, path: string, at: string): void {
  if (typeof source !== 'object' || source === null || Array.isArray(source))
    throw new DetectionSettingsError(path, at || '(top level)', 'must be a mapping');
  for (const [key, value] of Object.entries(source)) {
    const field = at ? `${at}.${key}` : key;
    if (!Object.hasOwn(target, key)) throw new DetectionSettingsError(path, field, 'is not a known field');
    const current = target[key];
    if (typeof current === 'object') {
      overlay(current, value, path, field);
      continue;
    }
    if (typeof value !== typeof current || (typeof value === 'number' && !Number.isFinite(value)))
      throw new DetectionSettingsError(path, field, `must be a ${typeof current}`);
    target[key] = value as Leaf;
  }
}
