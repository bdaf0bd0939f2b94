import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@warden/telemetry';
import { loadPatternSettings } from './load-pattern-settings';
import { PatternDetectionConfig } from './pattern-detection-config';
import { PatternSettingsError } from './pattern-settings-error';
import { DEFAULT_PATTERN_SETTINGS } from './pattern-settings';

function settingsFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'pattern-settings-')), name);
  writeFileSync(path, text);
  return path;
}

function load(env: Record<string, string>) {
  return loadPatternSettings(loadConfig(PatternDetectionConfig, env));
}

describe('loadPatternSettings', () => {
  it('returns the defaults without a file or variables', () => {
    expect(load({})).toEqual(DEFAULT_PATTERN_SETTINGS);
  });

  it('overlays a YAML file field by field, then the variables', () => {
    const file = settingsFile(
      'patterns.yaml',
      'spike:\n  windowMs: 120000\n  threshold: 9\ncorrelated:\n  minAgents: 4\n',
    );
    const settings = load({ PATTERN_SETTINGS_FILE: file, PATTERN_SPIKE_THRESHOLD: '12' });
    expect(settings.spike).toEqual({ ...DEFAULT_PATTERN_SETTINGS.spike, windowMs: 120_000, threshold: 12 });
    expect(settings.correlated.minAgents).toBe(4);
    expect(settings.flapping).toEqual(DEFAULT_PATTERN_SETTINGS.flapping);
  });

  it('reads JSON files too', () => {
    const file = settingsFile('patterns.json', '{"flapping": {"transitions": 7}}');
    expect(load({ PATTERN_SETTINGS_FILE: file }).flapping.transitions).toBe(7);
  });

  it('names the bad field and the file it came from', () => {
    const file = settingsFile('patterns.yaml', 'correlated:\n  zoneOutageFraction: 1.5\n');
    expect(() => load({ PATTERN_SETTINGS_FILE: file })).toThrow(PatternSettingsError);
    expect(() => load({ PATTERN_SETTINGS_FILE: file })).toThrow(
      `Invalid pattern setting correlated.zoneOutageFraction (from PATTERN_SETTINGS_FILE=${file}): must be a fraction in (0, 1], got 1.5`,
    );
  });

  it('rejects a field that is not a setting', () => {
    const file = settingsFile('patterns.yaml', 'spike:\n  treshold: 3\n');
    expect(() => load({ PATTERN_SETTINGS_FILE: file })).toThrow(/spike\.treshold .*is not a pattern setting/);
  });

  it('names the variable whose value breaks a relation between fields', () => {
    expect(() => load({ PATTERN_ZONE_OUTAGE_FRACTION: '0.1' })).toThrow(
      /correlated\.zoneHealthyMaxFraction \(from PATTERN_ZONE_OUTAGE_FRACTION\)/,
    );
  });

  it('leaves a malformed variable to the environment validation, which names it', () => {
    expect(() => load({ PATTERN_SPIKE_WINDOW_MS: 'soon' })).toThrow(/PATTERN_SPIKE_WINDOW_MS/);
  });
});
