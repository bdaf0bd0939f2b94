import { partitionOf, SubjectParsers } from '@warden/contracts';

/**
 * The agent a heartbeat subject names, when the subject is well formed and its partition is that
 * agent's; undefined otherwise. An invalid heartbeat's body is exactly what cannot be trusted, so the
 * subject is the only name it has. The subject is no proof of the sender either: today every agent
 * shares one NATS user allowed to publish on `supervision.health.>` (k8s/nats/values.yaml), so any
 * agent can publish on another's subject; only per-agent permissions (issue 15) pin it to the agent.
 */
export function heartbeatSender(subject: string): string | undefined {
  let tokens: { partition: number; agentId: string };
  try {
    tokens = SubjectParsers.heartbeat(subject);
  } catch {
    return undefined;
  }
  return partitionOf(tokens.agentId) === tokens.partition ? tokens.agentId : undefined;
}
