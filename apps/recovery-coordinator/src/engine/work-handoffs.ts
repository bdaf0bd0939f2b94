import type { AgentHealthRecord, FailureDetected } from '@warden/contracts';
import type { LedgerEntry } from '../ledger/recovery-ledger';
import type { RecoveryContext } from './recovery-context';

/**
 * Hands a lost incarnation's work off for re-dispatch: its in-flight task ids when the COORDINATION
 * stream tells them, the count from its last heartbeat otherwise. One hand-off per incarnation (the id
 * is derived from agent and incarnation), whatever the number of failures or replicas that report it.
 */
export class WorkHandoffs {
  constructor(private readonly context: RecoveryContext) {}

  async handOff(
    failure: FailureDetected,
    record: AgentHealthRecord | undefined,
    entry: LedgerEntry,
  ): Promise<void> {
    const taskIds = await this.context.tasks.lookup(failure.agentId, failure.incarnation);
    const inFlightTaskCount =
      record && record.incarnation === failure.incarnation ? record.load.inFlightTasks : undefined;
    const handoffId = await this.context.publications.handoff({
      agentId: failure.agentId,
      hostId: failure.hostId,
      incarnation: failure.incarnation,
      ...(taskIds ? { taskIds: taskIds.slice(0, 256) } : {}),
      ...(inFlightTaskCount !== undefined ? { inFlightTaskCount } : {}),
      reason: {
        failureId: failure.failureId,
        ...(failure.patternId ? { patternId: failure.patternId } : {}),
        summary: failure.summary,
      },
    });
    const known = taskIds
      ? `${taskIds.length} in-flight task(s)`
      : `${inFlightTaskCount ?? 'an unknown number of'} in-flight task(s), ids unknown`;
    await this.context.ledger.record(`${handoffId}:handed-off`, {
      ...entry,
      kind: 'handed-off',
      summary: `work of ${failure.agentId} (incarnation ${failure.incarnation}) handed off: ${known}`,
    });
  }
}
