import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '@warden/telemetry';
import { HealthCollectorConfig } from './health-collector.config';
import { loadThresholds, ThresholdsFileError } from './thresholds-file';

// The collector's pod settings and files as the Kubernetes manifests ship them (docker/compose.yaml mounts the same).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'health-collector');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/health-collector', () => {
  it('settings.env is a valid HealthCollectorConfig, and every variable in it is one the collector reads', () => {
    const config = loadConfig(HealthCollectorConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('health-thresholds.yaml, which HEALTH_THRESHOLDS_FILE points at, loads with the collector loader', () => {
    expect(basename(settings['HEALTH_THRESHOLDS_FILE'] ?? '')).toBe('health-thresholds.yaml');
    const thresholds = loadThresholds(join(K8S_DIR, 'health-thresholds.yaml'));
    expect(thresholds.unhealthy.errorRatio.enter).toBeGreaterThan(thresholds.degraded.errorRatio.enter);
  });

  it('a copy of that file with a misspelt field is refused naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-thresholds-'));
    try {
      const broken = join(dir, 'health-thresholds.yaml');
      writeFileSync(
        broken,
        readFileSync(join(K8S_DIR, 'health-thresholds.yaml'), 'utf8').replace(
          'recoveryBeats:',
          'recoveryBeat:',
        ),
      );
      expect(() => loadThresholds(broken)).toThrow(ThresholdsFileError);
      expect(() => loadThresholds(broken)).toThrow(/recoveryBeat\b/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
