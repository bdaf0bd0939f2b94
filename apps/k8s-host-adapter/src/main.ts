import { bootstrapService, loadConfigOrExit } from '@warden/telemetry';
import { K8sHostAdapterConfig } from './config/k8s-host-adapter.config';
import { K8S_HOST_ADAPTER_SERVICE } from './engine/k8s-host-adapter-engine';
import { K8sHostAdapterModule } from './k8s-host-adapter.module';
import { clusterFromConfigOrExit } from './kube/cluster-from-config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

// The kubeconfig is checked before the app starts, so a missing cluster stops the process like a bad variable.
const cluster = clusterFromConfigOrExit(
  K8S_HOST_ADAPTER_SERVICE,
  loadConfigOrExit(K8S_HOST_ADAPTER_SERVICE, K8sHostAdapterConfig, process.env),
);

bootstrapService({
  name: K8S_HOST_ADAPTER_SERVICE,
  version,
  rootModule: K8sHostAdapterModule.withCluster(cluster),
  configClass: K8sHostAdapterConfig,
}).catch(() => process.exit(1));
