import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError, loadConfig } from '@warden/telemetry';
import { ConsensusCoordinatorConfig } from './consensus-coordinator.config';

// The pod's own settings as the Kubernetes manifests ship them (docker/compose.yaml reads the same file).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'consensus-coordinator');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/consensus-coordinator', () => {
  it('settings.env is a valid ConsensusCoordinatorConfig, and every variable in it is one the service reads', () => {
    const config = loadConfig(ConsensusCoordinatorConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('a bad value in it would stop the service naming the variable', () => {
    const [variable] = Object.keys(settings);
    expect(() =>
      loadConfig(ConsensusCoordinatorConfig, { ...settings, [variable!]: 'not-a-number' }),
    ).toThrow(ConfigurationError);
    expect(() =>
      loadConfig(ConsensusCoordinatorConfig, { ...settings, [variable!]: 'not-a-number' }),
    ).toThrow(new RegExp(variable!));
  });
});
