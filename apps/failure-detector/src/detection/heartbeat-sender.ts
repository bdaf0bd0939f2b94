import { partitionOf, SubjectParsers } from '@warden/contracts';

/**
 * The agent a heartbeat subject names, when the subject is well formed and its partition is that
 * agent's; undefined otherwise. An invalid heartbeat's body is exactly what cannot be trusted, so the
 * subject (which the publisher's NATS permissions can pin to the agent) is the only name it has.
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
