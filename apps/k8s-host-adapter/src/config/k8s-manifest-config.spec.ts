import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigurationError, loadConfig } from '@warden/telemetry';
import { K8sHostAdapterConfig } from './k8s-host-adapter.config';

// The pod's own settings as the Kubernetes manifests ship them.
const K8S_DIR = join(__dirname, '..', '..', '..', '..', 'k8s', 'base', 'k8s-host-adapter');
const settings = parseEnv(readFileSync(join(K8S_DIR, 'settings.env'), 'utf8'));

describe('k8s/base/k8s-host-adapter', () => {
  it('settings.env is a valid K8sHostAdapterConfig, and every variable in it is one the adapter reads', () => {
    const config = loadConfig(K8sHostAdapterConfig, settings);
    expect(config.hostId).toBe('kubernetes');
    for (const variable of Object.keys(settings))
      expect([variable, Object.hasOwn(config, variable)]).toEqual([variable, true]);
  });

  it('a bad value in it would stop the adapter naming the variable', () => {
    expect(() => loadConfig(K8sHostAdapterConfig, { ...settings, K8S_REQUEST_TIMEOUT_MS: 'soon' })).toThrow(
      ConfigurationError,
    );
    expect(() => loadConfig(K8sHostAdapterConfig, { ...settings, HOST_ID: 'a.b' })).toThrow(/HOST_ID/);
  });
});
