import type { RecoveryAction } from '@warden/contracts';
import type { AgentPod } from './agent-pod';
import type { ClusterPort } from './cluster-port';
import { PodLabels } from './pod-marks';
import { LOWEST_POD_DELETION_COST, POD_DELETION_COST_ANNOTATION, scaleDownPlan } from './scale-down-plan';

/** What an action did, step by step ("delete pod a1-x"), for the log and the tests; or why it would not act. */
export type ActionResult = { done: string[] } | { refusal: string };

/**
 * What each recovery action means for a pod:
 * - restart: delete the pod; its controller creates a new one (a new incarnation).
 * - replace: the same, with the pod first labelled `warden.io/replaced` so the new pod avoids its node.
 * - drain: label it `warden.io/draining`, then evict it (policy/v1: PodDisruptionBudgets are respected,
 *   and the pod's grace period lets in-flight work finish).
 * - stop: scale its workload down by one so nothing recreates it; a bare pod is simply deleted.
 * API errors propagate (the caller maps them to typed failures).
 */
export class PodActions {
  constructor(private readonly cluster: ClusterPort) {}

  async perform(action: RecoveryAction, pod: AgentPod, graceMs: number | undefined): Promise<ActionResult> {
    const grace = graceMs === undefined ? undefined : Math.ceil(graceMs / 1000);
    switch (action) {
      case 'restart':
        await this.cluster.deletePod(pod, grace);
        return { done: [`delete pod ${pod.name}`] };
      case 'replace':
        await this.cluster.markPod(pod, { labels: { [PodLabels.replaced]: 'true' } });
        await this.cluster.deletePod(pod, grace);
        return { done: [`label pod ${pod.name} ${PodLabels.replaced}=true`, `delete pod ${pod.name}`] };
      case 'drain':
        await this.cluster.markPod(pod, { labels: { [PodLabels.draining]: 'true' } });
        await this.cluster.evictPod(pod, grace);
        return { done: [`label pod ${pod.name} ${PodLabels.draining}=true`, `evict pod ${pod.name}`] };
      case 'stop':
        return this.stop(pod, grace);
    }
  }

  private async stop(pod: AgentPod, grace: number | undefined): Promise<ActionResult> {
    const owner = pod.owner;
    if (!owner) {
      await this.cluster.deletePod(pod, grace);
      return { done: [`delete bare pod ${pod.name}`] };
    }
    let ref: { kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet'; name: string };
    if (owner.kind === 'ReplicaSet') {
      const deployment = await this.cluster.controllerOf(owner);
      if (deployment && deployment.kind !== 'Deployment') {
        return {
          refusal: `ReplicaSet ${owner.name} is controlled by ${deployment.kind} ${deployment.name}, not scalable here`,
        };
      }
      ref = deployment
        ? { kind: 'Deployment', name: deployment.name }
        : { kind: 'ReplicaSet', name: owner.name };
    } else if (owner.kind === 'StatefulSet') {
      ref = { kind: 'StatefulSet', name: owner.name };
    } else {
      return {
        refusal: `pod ${pod.name} is controlled by ${owner.kind} ${owner.name}, which cannot be scaled down by one agent`,
      };
    }
    const workload = await this.cluster.readWorkload(ref);
    const plan = scaleDownPlan(pod, workload);
    if (plan.kind === 'refuse') return { refusal: plan.reason };
    const done: string[] = [];
    if (plan.markPodFirst) {
      await this.cluster.markPod(pod, {
        annotations: { [POD_DELETION_COST_ANNOTATION]: LOWEST_POD_DELETION_COST },
      });
      done.push(`annotate pod ${pod.name} ${POD_DELETION_COST_ANNOTATION}=${LOWEST_POD_DELETION_COST}`);
    }
    await this.cluster.scaleWorkload(workload, plan.replicas);
    done.push(`scale ${workload.kind} ${workload.name} ${workload.replicas} → ${plan.replicas}`);
    return { done };
  }
}
