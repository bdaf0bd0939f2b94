import { RECOVERY_STATE_TTL_MS } from '@warden/contracts';
import type { RunTarget, StartOrderRecord } from '../state/recovery-records';
import { recordedStartOrder } from '../supervision/restart-targets';

/**
 * An unchanged start order is written again once it is this old. The `recovery` bucket expires a key
 * its TTL after its last write, not its last read; a group that has not had a new member for a day would
 * otherwise lose its order and have it re-derived from incarnations, which restarts reshuffle.
 */
export const START_ORDER_REFRESH_MS = RECOVERY_STATE_TTL_MS / 2;

/** The group's start order now, and the record to write back when it changed or is due for a refresh. */
export function nextStartOrderRecord(
  record: StartOrderRecord,
  members: readonly RunTarget[],
  configured: readonly string[],
  listed: (agentId: string) => boolean,
  now: number,
): { agentIds: string[]; write?: StartOrderRecord } {
  const agentIds = recordedStartOrder(record.agentIds, members, configured, listed);
  const changed =
    agentIds.length !== record.agentIds.length || agentIds.some((id, index) => id !== record.agentIds[index]);
  const stale = now - (record.writtenAt ?? 0) >= START_ORDER_REFRESH_MS;
  return changed || stale ? { agentIds, write: { agentIds, writtenAt: now } } : { agentIds };
}
