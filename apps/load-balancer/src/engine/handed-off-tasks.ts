import type { TaskRunRecord, TaskSubmitted, WorkHandoff } from '@warden/contracts';
import type { Logger } from '@warden/telemetry';
import type { TaskClaims } from '../claims/task-claims';
import type { TaskDispatcher } from '../dispatch/task-dispatcher';
import type { ClaimHolderAnswer } from '../nats/task-claim-queries';

/** What re-dispatching a hand-off's task ids needs from the bus. */
export interface HandoffSources {
  claims: Pick<TaskClaims, 'read'>;
  askHolder(holder: string, taskIds: string[]): Promise<ClaimHolderAnswer>;
  readSubmission(sequence: number): Promise<TaskSubmitted | undefined>;
}

/** What one hand-off led to, for the log and the tests. */
export interface HandoffOutcome {
  /** Re-dispatched here from the stream, the claim taken over from a replica that is gone. */
  redispatched: string[];
  /** Run by a live replica (here or elsewhere), which reassigns them itself. */
  heldAlive: string[];
  /** Nobody can run them again: request/reply tasks of a replica that is gone (their caller's reply went with it). */
  unrecoverable: string[];
  /** Finished, never claimed, or their holder did not answer: nothing to do here. */
  skipped: string[];
}

/**
 * Re-dispatches every task a hand-off names that no live replica runs. This replica's own open
 * attempts on the lost agent are reassigned by the dispatcher (`agentLost`); here, each named task not
 * running here is looked up in the shared claims, its holder is asked whether it still runs it, and a
 * task whose holder is gone (or is this replica before a restart) is run again here — a durable one
 * re-read from the COORDINATION stream, taking its claim over (one replica wins the compare-and-set;
 * the others wait for its result). A request/reply task of a replica that is gone cannot be: its body
 * was never stored, and the caller's request went to that replica, so nobody could answer it.
 */
export class HandedOffTasks {
  constructor(
    private readonly sources: HandoffSources,
    private readonly dispatcher: Pick<TaskDispatcher, 'isRunning' | 'run'>,
    private readonly instanceId: string,
    private readonly logger: Logger,
  ) {}

  async redispatch(handoff: WorkHandoff): Promise<HandoffOutcome> {
    const outcome: HandoffOutcome = { redispatched: [], heldAlive: [], unrecoverable: [], skipped: [] };
    const named = (handoff.taskIds ?? []).filter((taskId) => {
      if (!this.dispatcher.isRunning(taskId)) return true;
      outcome.heldAlive.push(taskId);
      return false;
    });
    const byHolder = new Map<string, TaskRunRecord[]>();
    for (const taskId of named) {
      const record = await this.sources.claims.read(taskId);
      if (!record || record.state !== 'running') {
        outcome.skipped.push(taskId);
        continue;
      }
      byHolder.set(record.owner, [...(byHolder.get(record.owner) ?? []), record]);
    }
    for (const [holder, records] of byHolder) {
      const answer: ClaimHolderAnswer =
        holder === this.instanceId
          ? { kind: 'gone' }
          : await this.sources.askHolder(
              holder,
              records.map((record) => record.taskId),
            );
      for (const record of records) await this.settle(record, holder, answer, outcome);
    }
    this.logger.info(
      { handoffId: handoff.handoffId, agentId: handoff.agentId, ...outcome },
      'hand-off tasks',
    );
    return outcome;
  }

  private async settle(
    record: TaskRunRecord,
    holder: string,
    answer: ClaimHolderAnswer,
    outcome: HandoffOutcome,
  ): Promise<void> {
    if (answer.kind === 'unknown') return void outcome.skipped.push(record.taskId);
    if (answer.kind === 'alive' && answer.running.has(record.taskId))
      return void outcome.heldAlive.push(record.taskId);
    const task =
      record.submissionSequence === undefined
        ? undefined
        : await this.sources.readSubmission(record.submissionSequence).catch(() => undefined);
    if (!task) return void outcome.unrecoverable.push(record.taskId);
    outcome.redispatched.push(record.taskId);
    this.dispatcher
      .run(task, { submissionSequence: record.submissionSequence, takeOverFrom: holder })
      .catch((error: unknown) =>
        this.logger.info({ err: error, taskId: task.taskId }, 'handed-off task ended without a result'),
      );
  }
}
