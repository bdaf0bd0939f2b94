import type { AgentPod, ScalableWorkload } from './agent-pod';

/**
 * The lowest pod-deletion-cost: a ReplicaSet scaling down removes its pods of lowest cost first, so the
 * stopped agent's pod is the one that goes (controller.kubernetes.io/pod-deletion-cost, GA since 1.22).
 */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
export const LOWEST_POD_DELETION_COST = '-2147483648';

export type ScaleDownPlan =
  | { kind: 'scale'; workload: ScalableWorkload; replicas: number; markPodFirst: boolean }
  | { kind: 'refuse'; reason: string };

/**
 * How `stop` takes one agent's pod away for good: its workload one replica smaller. A ReplicaSet (alone
 * or under a Deployment) removes the pod of lowest deletion cost, so the pod is marked first. A
 * StatefulSet always removes its highest ordinal, so only that pod can be stopped this way; stopping
 * another would stop the wrong agent, and is refused.
 */
export function scaleDownPlan(pod: AgentPod, workload: ScalableWorkload): ScaleDownPlan {
  if (workload.replicas < 1) {
    return { kind: 'refuse', reason: `${workload.kind} ${workload.name} is already scaled to 0` };
  }
  const replicas = workload.replicas - 1;
  if (workload.kind === 'StatefulSet') {
    const highest = `${workload.name}-${workload.replicas - 1}`;
    if (pod.name !== highest) {
      return {
        kind: 'refuse',
        reason:
          `StatefulSet ${workload.name} scales down from its highest ordinal (${highest}); ` +
          `pod ${pod.name} is not it`,
      };
    }
    return { kind: 'scale', workload, replicas, markPodFirst: false };
  }
  return { kind: 'scale', workload, replicas, markPodFirst: true };
}
