import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigurationError } from '@warden/telemetry';

/** Where a pod's service-account credentials are mounted; its namespace file names the pod's namespace. */
const POD_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

function defaultKubeconfig(): string {
  return join(homedir(), '.kube', 'config');
}

function kubeconfigError(shownValue: string, reason: string): ConfigurationError {
  return new ConfigurationError('K8sHostAdapterConfig', [
    { variable: 'KUBECONFIG', shownValue, reasons: [reason] },
  ]);
}

/**
 * The adapter's Kubernetes credentials: the KUBECONFIG file when set (tests point it at the recorded API),
 * the pod's service account when running in a cluster, else ~/.kube/config.
 * @throws ConfigurationError naming KUBECONFIG when no cluster can be found.
 */
export function loadKubeConfig(kubeconfigPath: string | undefined, env = process.env): KubeConfig {
  const config = new KubeConfig();
  if (kubeconfigPath !== undefined) {
    if (!existsSync(kubeconfigPath)) throw kubeconfigError(`"${kubeconfigPath}"`, 'the file does not exist');
    config.loadFromFile(kubeconfigPath);
  } else if (env.KUBERNETES_SERVICE_HOST !== undefined) {
    config.loadFromCluster();
  } else if (existsSync(defaultKubeconfig())) {
    // Not client-node's loadFromDefault: without a file it falls back to http://localhost:8080 and the
    // adapter would start against a cluster that is not there.
    config.loadFromFile(defaultKubeconfig());
  }
  if (!config.getCurrentCluster()) {
    throw kubeconfigError(
      kubeconfigPath === undefined ? '<unset>' : `"${kubeconfigPath}"`,
      'names no Kubernetes cluster (unset: no ~/.kube/config, and the process does not run in a pod)',
    );
  }
  return config;
}

/** The namespace the adapter acts in: K8S_NAMESPACE, else its own pod's, else the kubeconfig context's, else `default`. */
export function agentNamespace(configured: string | undefined, kubeConfig: KubeConfig): string {
  if (configured) return configured;
  if (existsSync(POD_NAMESPACE_FILE)) return readFileSync(POD_NAMESPACE_FILE, 'utf8').trim();
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace ?? 'default';
}
