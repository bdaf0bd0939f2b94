import { ConfigurationError, loadConfig } from '@warden/telemetry';
import { K8sHostAdapterConfig } from './k8s-host-adapter.config';

function load(env: Record<string, string>): K8sHostAdapterConfig {
  return loadConfig(K8sHostAdapterConfig, env);
}

function failingVariables(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.variables;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('K8sHostAdapterConfig', () => {
  it('serves HOST_ID, else the node name', () => {
    expect(load({ HOST_ID: 'k8s-agents' }).hostId).toBe('k8s-agents');
    expect(load({ NODE_NAME: 'node-a' }).hostId).toBe('node-a');
    expect(load({ HOST_ID: 'k8s-agents', NODE_NAME: 'node-a' }).hostId).toBe('k8s-agents');
    // A DNS node name (EKS, kubeadm FQDNs) is fine while HOST_ID names the host.
    expect(load({ HOST_ID: 'kubernetes', NODE_NAME: 'ip-10-0-1-2.ec2.internal' }).hostId).toBe('kubernetes');
  });

  it('has the documented defaults', () => {
    expect(load({ HOST_ID: 'h' })).toMatchObject({
      HTTP_PORT: 8090,
      K8S_AGENT_LABEL: 'warden.io/agent-id',
      K8S_REQUEST_TIMEOUT_MS: 1000,
      K8S_CLOCK_SKEW_TOLERANCE_MS: 2000,
    });
  });

  it('names the variable that is missing or invalid', () => {
    expect(failingVariables({})).toEqual(['HOST_ID']);
    expect(failingVariables({ HOST_ID: 'not a token' })).toEqual(['HOST_ID']);
    expect(failingVariables({ NODE_NAME: 'node.example.com' })).toEqual(['NODE_NAME']);
    expect(failingVariables({ HOST_ID: 'h', K8S_NAMESPACE: 'Agents_NS' })).toEqual(['K8S_NAMESPACE']);
    expect(failingVariables({ HOST_ID: 'h', K8S_AGENT_LABEL: 'warden.io/' })).toEqual(['K8S_AGENT_LABEL']);
    expect(failingVariables({ HOST_ID: 'h', K8S_REQUEST_TIMEOUT_MS: '10' })).toEqual([
      'K8S_REQUEST_TIMEOUT_MS',
    ]);
  });
});
