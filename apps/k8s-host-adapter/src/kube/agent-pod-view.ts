import type { V1OwnerReference, V1Pod } from '@kubernetes/client-node';
import type { AgentPod, WorkloadRef } from '../domain/agent-pod';

/** The controller among an object's owner references (at most one has `controller: true`). */
export function controllerRef(owners: readonly V1OwnerReference[] | undefined): WorkloadRef | undefined {
  const owner = owners?.find((candidate) => candidate.controller === true);
  return owner ? { kind: owner.kind, name: owner.name } : undefined;
}

function epochMs(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * What the adapter needs of a Pod: its identity, node, controller, and when the agent container last
 * started (the named container, else the first). A crash-looping container is waiting; its last run's
 * start is then the start of the incarnation that crashed.
 */
export function agentPodView(pod: V1Pod, agentContainer?: string): AgentPod {
  const containerName = agentContainer ?? pod.spec?.containers[0]?.name;
  const status = pod.status?.containerStatuses?.find((candidate) => candidate.name === containerName);
  const startedAt =
    status?.state?.running?.startedAt ??
    status?.state?.terminated?.startedAt ??
    status?.lastState?.terminated?.startedAt;
  return {
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    nodeName: pod.spec?.nodeName,
    agentStartedAtMs: epochMs(startedAt),
    owner: controllerRef(pod.metadata?.ownerReferences),
    terminating: pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null,
  };
}
