/**
 * Whether a heartbeat is news. Timing never uses the agent's clock; ordering uses the agent's own
 * incarnation and sequence, which only the agent process increases:
 * - first beat of an agent id → `new`;
 * - a higher incarnation → `restart` (a new process; its sequence starts again);
 * - a lower incarnation → `stale` (a zombie of an older process, or a reordered beat): ignored;
 * - same incarnation, sequence not above the last → `duplicate` (redelivered or reordered): ignored.
 */
export type HeartbeatAdmission = 'new' | 'restart' | 'next' | 'stale' | 'duplicate';

export interface LastBeat {
  incarnation: number;
  sequence: number;
}

export function admitHeartbeat(
  last: LastBeat | undefined,
  incarnation: number,
  sequence: number,
): HeartbeatAdmission {
  if (!last) return 'new';
  if (incarnation > last.incarnation) return 'restart';
  if (incarnation < last.incarnation) return 'stale';
  return sequence > last.sequence ? 'next' : 'duplicate';
}

export function isAccepted(admission: HeartbeatAdmission): boolean {
  return admission === 'new' || admission === 'restart' || admission === 'next';
}
