import type { AgentPod, ScalableWorkload, WorkloadRef } from './agent-pod';

/**
 * The Kubernetes calls the adapter makes, in its namespace. Implemented with @kubernetes/client-node;
 * every method throws a KubeApiError (the API answered with an error status) or a KubeUnreachableError.
 */
export interface ClusterPort {
  /** Where it acts ("namespace agents at https://…"), for the log. */
  readonly target: string;
  /** The pods labelled with this agent id. */
  findAgentPods(agentId: string): Promise<AgentPod[]>;
  /** Merge-patches labels and annotations onto the pod. */
  markPod(pod: AgentPod, marks: PodMarks): Promise<void>;
  /** Deletes the pod (uid precondition); its controller, if any, creates a new one. */
  deletePod(pod: AgentPod, gracePeriodSeconds?: number): Promise<void>;
  /** Creates a policy/v1 Eviction (uid precondition), which the API refuses with 429 while a PDB forbids it. */
  evictPod(pod: AgentPod, gracePeriodSeconds?: number): Promise<void>;
  /** The controller of a ReplicaSet (its Deployment), or undefined when it has none. */
  controllerOf(replicaSet: WorkloadRef): Promise<WorkloadRef | undefined>;
  readWorkload(ref: WorkloadRef & { kind: ScalableWorkload['kind'] }): Promise<ScalableWorkload>;
  /** Sets the replica count through the scale subresource, only if it still is `workload.replicas`. */
  scaleWorkload(workload: ScalableWorkload, replicas: number): Promise<void>;
}

export interface PodMarks {
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
}
