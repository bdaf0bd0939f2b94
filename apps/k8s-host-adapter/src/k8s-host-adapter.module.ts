import { Module, type DynamicModule } from '@nestjs/common';
import { Messaging, MessagingModule } from '@warden/messaging';
import { LOGGER, MetricsRegistry, serviceEngines, type Logger } from '@warden/telemetry';
import { K8sHostAdapterConfig } from './config/k8s-host-adapter.config';
import type { ClusterPort } from './domain/cluster-port';
import { KubernetesHost } from './domain/kubernetes-host';
import { K8S_HOST_ADAPTER_SERVICE, K8sHostAdapterEngine } from './engine/k8s-host-adapter-engine';

const CLUSTER_PORT = Symbol.for('warden.k8s-host-adapter.cluster');

@Module({})
export class K8sHostAdapterModule {
  /** The adapter acting through `cluster` (built by main from the validated kubeconfig). */
  static withCluster(cluster: ClusterPort): DynamicModule {
    return {
      module: K8sHostAdapterModule,
      imports: [
        // No streams or buckets: a host only answers requests on its control subject.
        MessagingModule.forService({ service: K8S_HOST_ADAPTER_SERVICE, configClass: K8sHostAdapterConfig }),
      ],
      providers: [
        { provide: CLUSTER_PORT, useValue: cluster },
        {
          provide: KubernetesHost,
          useFactory: (config: K8sHostAdapterConfig, port: ClusterPort) =>
            new KubernetesHost(port, {
              hostId: config.hostId,
              clockSkewToleranceMs: config.K8S_CLOCK_SKEW_TOLERANCE_MS,
            }),
          inject: [K8sHostAdapterConfig, CLUSTER_PORT],
        },
        {
          provide: K8sHostAdapterEngine,
          useFactory: (
            messaging: Messaging,
            host: KubernetesHost,
            logger: Logger,
            metrics: MetricsRegistry,
          ) => new K8sHostAdapterEngine(messaging, host, logger, metrics),
          inject: [Messaging, KubernetesHost, LOGGER, MetricsRegistry],
        },
        ...serviceEngines(K8sHostAdapterEngine),
      ],
    };
  }
}
