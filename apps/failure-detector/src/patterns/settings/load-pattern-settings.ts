import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { PATTERN_ENV_OVERRIDES, type PatternDetectionConfig } from './pattern-detection-config';
import { PatternSettingsError } from './pattern-settings-error';
import { DEFAULT_PATTERN_SETTINGS, type PatternSettings } from './pattern-settings';
import { checkSettingRelations, overlaySettings } from './pattern-setting-rules';

/**
 * Defaults, then the settings file (`PATTERN_SETTINGS_FILE`, YAML or JSON — JSON is YAML), then each
 * numeric variable. Throws PatternSettingsError naming the bad field and the file or variable it came from.
 */
export function loadPatternSettings(config: PatternDetectionConfig): PatternSettings {
  let settings = DEFAULT_PATTERN_SETTINGS;
  let lastSource = 'defaults';
  const file = config.PATTERN_SETTINGS_FILE;
  if (file) {
    lastSource = `PATTERN_SETTINGS_FILE=${file}`;
    settings = overlaySettings(settings, readSettingsFile(file, lastSource), lastSource);
  }
  for (const { variable, toOverride } of PATTERN_ENV_OVERRIDES) {
    const value = config[variable];
    if (typeof value !== 'number') continue;
    lastSource = variable;
    settings = overlaySettings(settings, toOverride(value), variable);
  }
  return checkSettingRelations(settings, lastSource);
}

function readSettingsFile(path: string, source: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PatternSettingsError('(file)', `cannot be read: ${(error as Error).message}`, source);
  }
  try {
    return parse(text) ?? {};
  } catch (error) {
    throw new PatternSettingsError(
      '(file)',
      `is not valid YAML or JSON: ${(error as Error).message}`,
      source,
    );
  }
}
