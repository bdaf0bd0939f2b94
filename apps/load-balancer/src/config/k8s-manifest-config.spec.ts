import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError, loadConfig } from '@warden/telemetry';
import { LoadBalancerConfig } from './load-balancer.config';

// The pod's own settings as the Kubernetes manifests ship them (docker/compose.yaml reads the same file).
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'load-balancer');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/load-balancer', () => {
  it('settings.env is a valid LoadBalancerConfig, and every variable in it is one the service reads', () => {
    const config = loadConfig(LoadBalancerConfig, settings);
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('a bad value in it would stop the service naming the variable', () => {
    const [variable] = Object.keys(settings);
    expect(() => loadConfig(LoadBalancerConfig, { ...settings, [variable!]: 'not-a-number' })).toThrow(
      ConfigurationError,
    );
    expect(() => loadConfig(LoadBalancerConfig, { ...settings, [variable!]: 'not-a-number' })).toThrow(
      new RegExp(variable!),
    );
  });
});
