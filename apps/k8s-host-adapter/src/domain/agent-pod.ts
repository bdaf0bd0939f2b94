/** A controller reference of a pod or ReplicaSet (its `ownerReferences` entry with `controller: true`). */
export interface WorkloadRef {
  kind: string;
  name: string;
}

/** What the adapter needs to know about an agent's pod, read from the Kubernetes API. */
export interface AgentPod {
  name: string;
  /** Deletes and evictions carry it as a precondition, so a newer pod reusing the name is never hit. */
  uid: string;
  nodeName?: string;
  /**
   * When the agent container last started (epoch ms, the kubelet's clock, second precision): its running
   * state, else its last terminated run (a crash-looping container); undefined when it never started.
   */
  agentStartedAtMs?: number;
  /** The pod's controller, if any (a ReplicaSet, a StatefulSet…); undefined for a bare pod. */
  owner?: WorkloadRef;
  /** The pod is already terminating (`deletionTimestamp` set): it is on its way out and not acted on. */
  terminating: boolean;
}

/** A workload whose replica count the adapter may lower for `stop`. */
export interface ScalableWorkload {
  kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet';
  name: string;
  replicas: number;
}
