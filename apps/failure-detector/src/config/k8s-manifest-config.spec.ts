import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '@warden/telemetry';
import { loadPatternSettings, PatternDetectionConfig, PatternSettingsError } from '../patterns';
import { DetectionSettingsError } from '../settings/detection-settings-error';
import { loadDetectionSettings } from '../settings/load-detection-settings';
import { FailureDetectorConfig } from './failure-detector.config';

// The detector's pod settings and files as the Kubernetes manifests ship them (docker/compose.yaml mounts the same).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'failure-detector');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

/** The environment as the pod sees it, with the mounted files' paths pointing into the repository. */
function withRepositoryPaths(env: NodeJS.Dict<string>): NodeJS.Dict<string> {
  return {
    ...env,
    DETECTION_RULES_FILE: join(K8S_DIR, basename(env['DETECTION_RULES_FILE'] ?? '')),
    PATTERN_SETTINGS_FILE: join(K8S_DIR, basename(env['PATTERN_SETTINGS_FILE'] ?? '')),
  };
}

function brokenCopy(file: string, from: string, to: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-detector-'));
  const path = join(dir, file);
  writeFileSync(path, readFileSync(join(K8S_DIR, file), 'utf8').replace(from, to));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('k8s/base/failure-detector', () => {
  it('settings.env is valid for the detector and its pattern detection, and every variable in it is read by one of them', () => {
    const detector = loadConfig(FailureDetectorConfig, settings);
    const patterns = loadConfig(PatternDetectionConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(detector, variable) || Object.hasOwn(patterns, variable)]).toEqual([
        variable,
        true,
      ]);
  });

  it('detection-rules.yaml (DETECTION_RULES_FILE) loads with the detector loader', () => {
    const env = withRepositoryPaths(settings);
    expect(basename(env['DETECTION_RULES_FILE']!)).toBe('detection-rules.yaml');
    expect(loadDetectionSettings(env['DETECTION_RULES_FILE']).heartbeatTimeout.threshold).toBeGreaterThan(0);
  });

  it('pattern-settings.yaml (PATTERN_SETTINGS_FILE) loads with the pattern loader', () => {
    const env = withRepositoryPaths(settings);
    expect(basename(env['PATTERN_SETTINGS_FILE']!)).toBe('pattern-settings.yaml');
    const patterns = loadPatternSettings(loadConfig(PatternDetectionConfig, env));
    expect(patterns.correlated.zoneOutageFraction).toBeGreaterThan(0);
  });

  it('broken copies of those files are refused naming the field', () => {
    const rules = brokenCopy('detection-rules.yaml', 'stallToleranceMs: 250', "stallToleranceMs: 'soon'");
    const patterns = brokenCopy('pattern-settings.yaml', 'zoneOutageFraction: 0.5', 'zoneOutageFraction: 2');
    try {
      expect(() => loadDetectionSettings(rules.path)).toThrow(DetectionSettingsError);
      expect(() => loadDetectionSettings(rules.path)).toThrow(/selfHealth\.stallToleranceMs/);
      const config = loadConfig(PatternDetectionConfig, { PATTERN_SETTINGS_FILE: patterns.path });
      expect(() => loadPatternSettings(config)).toThrow(PatternSettingsError);
      expect(() => loadPatternSettings(config)).toThrow(/zoneOutageFraction/);
    } finally {
      rules.cleanup();
      patterns.cleanup();
    }
  });
});
