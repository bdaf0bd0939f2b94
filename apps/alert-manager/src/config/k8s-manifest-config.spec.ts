import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '@warden/telemetry';
import { AlertManagerConfig } from './alert-manager.config';
import { AlertingConfigError } from './alerting-config-error';
import { loadAlertingConfig } from './load-alerting-config';

// The alert manager's pod settings and files as the Kubernetes manifests ship them (docker/compose.yaml mounts the same).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'alert-manager');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/alert-manager', () => {
  it('settings.env is a valid AlertManagerConfig, and every variable in it is one the alert manager reads', () => {
    const config = loadConfig(AlertManagerConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('alerting.yaml, which ALERT_MANAGER_CONFIG_FILE points at, loads with the alert manager loader', () => {
    expect(basename(settings['ALERT_MANAGER_CONFIG_FILE'] ?? '')).toBe('alerting.yaml');
    const config = loadAlertingConfig(join(K8S_DIR, 'alerting.yaml'));
    expect([...config.receivers.keys()]).toContain('log');
  });

  it('a copy of that file naming a receiver that does not exist is refused naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-alerting-'));
    try {
      const broken = join(dir, 'alerting.yaml');
      writeFileSync(
        broken,
        readFileSync(join(K8S_DIR, 'alerting.yaml'), 'utf8').replace('  receiver: log', '  receiver: pager'),
      );
      expect(() => loadAlertingConfig(broken)).toThrow(AlertingConfigError);
      expect(() => loadAlertingConfig(broken)).toThrow(/route\.receiver/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
