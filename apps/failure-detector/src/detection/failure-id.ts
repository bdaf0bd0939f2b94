import { createHash } from 'node:crypto';
import type { FailureType } from '@warden/contracts';

/**
 * The failure id (and `ce-id`) of one conviction, derived from what identifies it — agent, incarnation,
 * failure type and the episode (the sequence of the heartbeat the episode is counted from) — never from
 * the replica or the time. Two replicas that briefly both own a partition convict with the same id, so
 * JetStream keeps one event and consumers de-duplicate on failureId. Hashed because an agent id alone
 * may use the whole length an id token allows.
 */
export function failureIdOf(
  agentId: string,
  incarnation: number,
  failureType: FailureType,
  episode: number,
): string {
  const digest = createHash('sha256')
    .update(`${agentId}\n${incarnation}\n${failureType}\n${episode}`)
    .digest('hex');
  return `failure-${digest.slice(0, 40)}`;
}
