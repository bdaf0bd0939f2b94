import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig } from '@warden/telemetry';
import { loadRecoveryPolicy } from '../policy/load-recovery-policy';
import { RecoveryPolicyError } from '../policy/recovery-policy-error';
import { RecoveryCoordinatorConfig } from './recovery-coordinator.config';

// The coordinator's pod settings and files as the Kubernetes manifests ship them (docker/compose.yaml mounts the same).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'recovery-coordinator');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/recovery-coordinator', () => {
  it('settings.env is a valid RecoveryCoordinatorConfig, and every variable in it is one the coordinator reads', () => {
    const config = loadConfig(RecoveryCoordinatorConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('recovery-policy.yaml, which RECOVERY_POLICY_FILE points at, loads with the coordinator loader', () => {
    expect(basename(settings['RECOVERY_POLICY_FILE'] ?? '')).toBe('recovery-policy.yaml');
    const policy = loadRecoveryPolicy(join(K8S_DIR, 'recovery-policy.yaml'));
    expect(policy.failureActions['process-crash']).toBe('restart');
  });

  it('a copy of that file with a value out of range is refused naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-policy-'));
    try {
      const broken = join(dir, 'recovery-policy.yaml');
      writeFileSync(
        broken,
        readFileSync(join(K8S_DIR, 'recovery-policy.yaml'), 'utf8').replace('factor: 2', 'factor: 0.5'),
      );
      expect(() => loadRecoveryPolicy(broken)).toThrow(RecoveryPolicyError);
      expect(() => loadRecoveryPolicy(broken)).toThrow(/default\.backoff\.factor/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
