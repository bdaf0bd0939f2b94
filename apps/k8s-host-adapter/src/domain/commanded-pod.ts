import type { AgentPod } from './agent-pod';

export type CommandedPod = { pod: AgentPod } | { refusal: string };

/**
 * Finds the pod a command's incarnation means, or why none can be acted on. The SDK's incarnation is the
 * agent's start time in epoch ms, so the pod runs it only if its agent container started no later than
 * the incarnation (plus the allowed clock skew). A container that started later runs a newer incarnation
 * (the kubelet restarted it, or a new pod replaced the old): the command is about a process that is gone,
 * and is refused as AgentHost refuses one for an incarnation that is not the current one.
 */
export function commandedPod(
  pods: readonly AgentPod[],
  agentId: string,
  incarnation: number,
  clockSkewToleranceMs: number,
): CommandedPod {
  const live = pods.filter((pod) => !pod.terminating);
  if (live.length === 0) {
    return {
      refusal:
        pods.length === 0
          ? `agent ${agentId} has no pod here`
          : `agent ${agentId}'s pod ${pods[0]!.name} is already terminating`,
    };
  }
  if (live.length > 1) {
    // Two live pods with one agent id (a misconfigured selector, a surge): acting on either is a guess.
    return {
      refusal: `agent ${agentId} has ${live.length} live pods (${live.map((pod) => pod.name).join(', ')}); expected one`,
    };
  }
  const pod = live[0]!;
  if (pod.agentStartedAtMs === undefined) {
    return { refusal: `pod ${pod.name} of agent ${agentId} has not started its agent container` };
  }
  if (pod.agentStartedAtMs > incarnation + clockSkewToleranceMs) {
    return {
      refusal:
        `incarnation ${incarnation} is not the current one: pod ${pod.name}'s agent container started ` +
        `at ${new Date(pod.agentStartedAtMs).toISOString()}, after it`,
    };
  }
  return { pod };
}
