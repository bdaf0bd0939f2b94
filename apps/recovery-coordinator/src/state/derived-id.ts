import { createHash } from 'node:crypto';

/**
 * An id token derived from what identifies a thing (never the replica or the clock), so two replicas, or
 * one replica after a redelivery, name the same decision, command or event alike and JetStream and the
 * hosts de-duplicate it. Hashed because the parts (agent ids) may each use the whole length a token allows.
 */
export function derivedId(prefix: string, ...parts: readonly (string | number)[]): string {
  const digest = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${prefix}-${digest.slice(0, 32)}`;
}
