// Test harness: real nats-server processes, built services as child processes, and condition waits.
export { freePort } from './nats/free-port';
export { natsServerBinary, NatsServerMissingError } from './nats/nats-server-binary';
export {
  NatsServerHandle,
  NatsServerStartError,
  startNatsServer,
  type NatsServerOptions,
} from './nats/nats-server';
export { NatsClusterHandle, startNatsCluster } from './nats/nats-cluster';
export {
  GENERATED_ACCOUNTS_CONF,
  NatsTestAuth,
  UnknownNatsIdentityError,
  type NatsTestCredentials,
} from './nats/nats-test-auth';
export {
  ServiceProcess,
  ServiceStartError,
  launchService,
  type LaunchServiceOptions,
} from './process/service-process';
export { OutputTail } from './process/output-tail';
export { eventually, EventuallyTimeoutError, type EventuallyOptions } from './wait/eventually';
export { WebhookReceiver, type ReceivedRequest } from './http/webhook-receiver';
export { RenderedManifests } from './manifests/rendered-manifests';
export { ClusterNetwork } from './manifests/cluster-network';
export { PodEnvironment, type PodIdentity, type TestSecrets } from './manifests/pod-environment';
export {
  ManifestLauncher,
  type LaunchedPod,
  type ManifestLaunchOptions,
} from './manifests/manifest-launcher';
export { ManifestError, type KubeObject } from './manifests/kube-object';
export * from './otlp';
