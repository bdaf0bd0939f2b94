import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from '@kubernetes/client-node';
import type { AgentPod, ScalableWorkload, WorkloadRef } from '../domain/agent-pod';
import type { ClusterPort, PodMarks } from '../domain/cluster-port';
import { KubeApiError, KubeUnreachableError } from '../domain/kube-errors';
import { agentPodView, controllerRef } from './agent-pod-view';

export interface ClientNodeClusterOptions {
  namespace: string;
  /** The API server's URL, for the log. */
  server: string;
  /** The pod label whose value is the agent id. */
  agentLabel: string;
  agentContainer?: string;
  requestTimeoutMs: number;
}

/** The message of a Kubernetes Status body, which client-node hands over as a string or an object. */
function statusMessage(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.slice(0, 300);
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

/** The ClusterPort on the official client: CoreV1 for pods and evictions, AppsV1 for workloads and scale. */
export class ClientNodeCluster implements ClusterPort {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly options: ClientNodeClusterOptions,
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
  }

  get target(): string {
    return `namespace ${this.options.namespace} at ${this.options.server}`;
  }

  private get namespace(): string {
    return this.options.namespace;
  }

  async findAgentPods(agentId: string): Promise<AgentPod[]> {
    const list = await this.call(`list pods of agent ${agentId}`, () =>
      this.core.listNamespacedPod({
        namespace: this.namespace,
        labelSelector: `${this.options.agentLabel}=${agentId}`,
      }),
    );
    return list.items.map((pod) => agentPodView(pod, this.options.agentContainer));
  }

  async markPod(pod: AgentPod, marks: PodMarks): Promise<void> {
    const metadata: Record<string, unknown> = {};
    if (marks.labels) metadata.labels = marks.labels;
    if (marks.annotations) metadata.annotations = marks.annotations;
    await this.call(`patch pod ${pod.name}`, () =>
      this.core.patchNamespacedPod(
        { name: pod.name, namespace: this.namespace, body: { metadata } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
  }

  async deletePod(pod: AgentPod, gracePeriodSeconds?: number): Promise<void> {
    await this.call(`delete pod ${pod.name}`, () =>
      this.core.deleteNamespacedPod({
        name: pod.name,
        namespace: this.namespace,
        body: {
          preconditions: { uid: pod.uid },
          ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
        },
      }),
    );
  }

  async evictPod(pod: AgentPod, gracePeriodSeconds?: number): Promise<void> {
    await this.call(`evict pod ${pod.name}`, () =>
      this.core.createNamespacedPodEviction({
        name: pod.name,
        namespace: this.namespace,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: pod.name, namespace: this.namespace },
          deleteOptions: {
            preconditions: { uid: pod.uid },
            ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
          },
        },
      }),
    );
  }

  async controllerOf(replicaSet: WorkloadRef): Promise<WorkloadRef | undefined> {
    const read = await this.call(`read ReplicaSet ${replicaSet.name}`, () =>
      this.apps.readNamespacedReplicaSet({ name: replicaSet.name, namespace: this.namespace }),
    );
    return controllerRef(read.metadata?.ownerReferences);
  }

  async readWorkload(ref: WorkloadRef & { kind: ScalableWorkload['kind'] }): Promise<ScalableWorkload> {
    const params = { name: ref.name, namespace: this.namespace };
    const read = await this.call<{ spec?: { replicas?: number } }>(`read ${ref.kind} ${ref.name}`, () => {
      if (ref.kind === 'Deployment') return this.apps.readNamespacedDeployment(params);
      if (ref.kind === 'StatefulSet') return this.apps.readNamespacedStatefulSet(params);
      return this.apps.readNamespacedReplicaSet(params);
    });
    // An absent spec.replicas means the API default, 1.
    return { kind: ref.kind, name: ref.name, replicas: read.spec?.replicas ?? 1 };
  }

  async scaleWorkload(workload: ScalableWorkload, replicas: number): Promise<void> {
    // A JSON patch whose `test` fails (409/422) when another change moved the count since it was read,
    // so two concurrent stops never both subtract from the same number.
    const body = [
      { op: 'test', path: '/spec/replicas', value: workload.replicas },
      { op: 'replace', path: '/spec/replicas', value: replicas },
    ];
    const params = { name: workload.name, namespace: this.namespace, body };
    const options = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
    await this.call(`scale ${workload.kind} ${workload.name}`, () => {
      if (workload.kind === 'Deployment') return this.apps.patchNamespacedDeploymentScale(params, options);
      if (workload.kind === 'StatefulSet') return this.apps.patchNamespacedStatefulSetScale(params, options);
      return this.apps.patchNamespacedReplicaSetScale(params, options);
    });
  }

  /** Runs one API call with the request timeout, turning client-node's errors into the port's. */
  private async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new KubeUnreachableError(operation, `no answer within ${this.options.requestTimeoutMs} ms`)),
        this.options.requestTimeoutMs,
      );
    });
    try {
      return await Promise.race([request(), timeout]);
    } catch (error) {
      if (error instanceof KubeUnreachableError) throw error;
      if (error instanceof ApiException)
        throw new KubeApiError(operation, error.code, statusMessage(error.body));
      throw new KubeUnreachableError(operation, error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }
}
