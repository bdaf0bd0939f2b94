import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ServiceBaseConfig } from '@warden/telemetry';

/** Host ids end up in the subject `host.<hostId>.control`, so they follow the contracts' token rule. */
const ID_TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
/** A Kubernetes label key: an optional DNS-subdomain prefix and a name of at most 63 characters. */
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** A namespace name (RFC 1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The adapter's own variables; NATS_* come from messaging's NatsConnectionConfig. */
export class K8sHostAdapterConfig extends ServiceBaseConfig {
  override HTTP_PORT: number = 8090;

  /**
   * The host id this adapter answers for (`host.<HOST_ID>.control`); agents in its pods must announce the
   * same `hostId` in their heartbeats. Defaults to NODE_NAME (the downward API's spec.nodeName), so one
   * adapter per node can serve that node's pods; required when NODE_NAME is not set.
   */
  @ValidateIf(
    (config: K8sHostAdapterConfig) => config.HOST_ID !== undefined || config.NODE_NAME === undefined,
  )
  @Matches(ID_TOKEN, { message: 'must be set (or NODE_NAME) and be 1-128 characters from [A-Za-z0-9_-]' })
  HOST_ID?: string;

  /**
   * Checked only when it serves as the host id: node names are DNS names (`ip-10-0-1-2.ec2.internal` on EKS),
   * which a subject token cannot hold, and with HOST_ID set the node name is only informational.
   */
  @ValidateIf(
    (config: K8sHostAdapterConfig) => config.HOST_ID === undefined && config.NODE_NAME !== undefined,
  )
  @Matches(ID_TOKEN, {
    message: 'must be 1-128 characters from [A-Za-z0-9_-] to serve as the host id (else set HOST_ID)',
  })
  NODE_NAME?: string;

  /** Namespace of the agent pods; in a pod, the service account's namespace by default, else `default`. */
  @IsOptional()
  @Matches(NAMESPACE, { message: 'must be a Kubernetes namespace name (RFC 1123 label)' })
  K8S_NAMESPACE?: string;

  /** The pod label whose value is the agent id: the pod of agent `a1` carries `<K8S_AGENT_LABEL>=a1`. */
  @Matches(LABEL_KEY, { message: 'must be a Kubernetes label key, e.g. warden.io/agent-id' })
  K8S_AGENT_LABEL: string = 'warden.io/agent-id';

  /** The container that runs the agent (its start time is matched against the incarnation); the first otherwise. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  K8S_AGENT_CONTAINER?: string;

  /** A kubeconfig file; otherwise in a pod the service account (loadFromCluster), else the default lookup. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  KUBECONFIG?: string;

  /**
   * How long one Kubernetes API call may take before the command is reported failed (unreachable). The
   * receipt goes out after the calls (up to 5, for a stop), and it must reach the coordinator within its
   * retry window (3 requests of 2 s, 0.5 s apart by default: 7 s), or the coordinator records the host as
   * unreachable while the adapter still acts. 5 × 1 s stays inside it; API calls normally take milliseconds.
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  K8S_REQUEST_TIMEOUT_MS: number = 1000;

  /**
   * Clock difference allowed between the agent (its incarnation is its start time in epoch ms) and the
   * kubelet (the container's startedAt): a container that started later than incarnation + this runs a
   * newer incarnation, so a command for the older one is refused.
   */
  @IsInt()
  @Min(0)
  @Max(600_000)
  K8S_CLOCK_SKEW_TOLERANCE_MS: number = 2000;

  get hostId(): string {
    return (this.HOST_ID ?? this.NODE_NAME) as string;
  }
}
