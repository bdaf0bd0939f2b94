import { ConfigurationError, EXIT_CODE_CONFIGURATION_ERROR } from '@warden/telemetry';
import type { K8sHostAdapterConfig } from '../config/k8s-host-adapter.config';
import { ClientNodeCluster } from './client-node-cluster';
import { agentNamespace, loadKubeConfig } from './load-kube-config';

/**
 * The ClusterPort the process acts through, or — like a bad variable — one line on stderr naming
 * KUBECONFIG and exit code 78 when no cluster can be found.
 */
export function clusterFromConfigOrExit(
  serviceName: string,
  config: K8sHostAdapterConfig,
): ClientNodeCluster {
  try {
    const kubeConfig = loadKubeConfig(config.KUBECONFIG);
    return new ClientNodeCluster(kubeConfig, {
      namespace: agentNamespace(config.K8S_NAMESPACE, kubeConfig),
      server: kubeConfig.getCurrentCluster()?.server ?? '',
      agentLabel: config.K8S_AGENT_LABEL,
      agentContainer: config.K8S_AGENT_CONTAINER,
      requestTimeoutMs: config.K8S_REQUEST_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${serviceName}: ${error.message}\n`);
    return process.exit(EXIT_CODE_CONFIGURATION_ERROR);
  }
}
