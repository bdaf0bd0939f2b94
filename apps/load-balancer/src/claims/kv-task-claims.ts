import { TaskRunRecord, parseMessage, type TaskResult } from '@warden/contracts';
import { parseRecord, storedBytes, type KvBucket, type KvRecords, type Stored } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { ClaimOutcome, ClaimRequest, TaskClaims } from './task-claims';

/** A claim this replica holds: the record it wrote and that write's revision. */
interface HeldClaim {
  record: TaskRunRecord;
  revision: number;
}

/**
 * Task claims in the `task-runs` bucket, one key per task id: a claim is a KV `create` (one write per
 * new task id on the dispatch path), the final result an `update` after the run, a run that ended
 * without a result a `delete` — two writes per task and no read. The final write and the delete are
 * compare-and-set on the revision of our own claim, so they do nothing once another replica took the
 * claim over. Taking over is a compare-and-set on the revision read, so of several replicas taking
 * over the same task one wins. When the bucket cannot be reached the task runs anyway (availability
 * first; agents still de-duplicate the deliveries they get) and the failure is logged.
 */
export class KvTaskClaims implements TaskClaims {
  /** An unreadable record reads as undefined (logged): a claim nobody can read is taken over. */
  private readonly records: KvRecords<TaskRunRecord | undefined>;

  constructor(
    taskRuns: KvBucket,
    private readonly instanceId: string,
    private readonly logger: Logger,
    /**
     * Asked on a claim another replica holds and whose run is not over (a resubmission, a durable
     * redelivery): true when that holder is gone or no longer runs the task, and the claim is taken
     * over. Only on a duplicate task id, never on the path of a new one.
     */
    private readonly holderGone: (holder: string, taskId: string) => Promise<boolean> = async () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.records = taskRuns.records((bytes, key) => this.decode(bytes as Uint8Array, key), {
      parse: storedBytes,
    });
  }

  private readonly held = new Map<string, HeldClaim>();

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const record = this.recordOf(request);
    try {
      // Twice at most: a claim released between our create and our read is created again.
      for (let round = 0; round < 2; round++) {
        const revision = await this.records.writeAt(request.task.taskId, record, undefined);
        if (revision !== undefined) {
          this.held.set(record.taskId, { record, revision });
          return { kind: 'ours' };
        }
        const stored = await this.records.get(request.task.taskId);
        if (!stored) continue;
        return await this.existing(stored, record, request);
      }
      return { kind: 'held', owner: 'unknown' };
    } catch (error) {
      this.logger.warn(
        { err: error, taskId: request.task.taskId },
        'task-runs bucket unavailable: running the task without a shared claim',
      );
      return { kind: 'ours' };
    }
  }

  async read(taskId: string): Promise<TaskRunRecord | undefined> {
    return (await this.records.get(taskId))?.value;
  }

  async finished(taskId: string, deadline: number): Promise<TaskResult | undefined> {
    const watch = await this.records.kv.watch({ key: taskId });
    const timer = setTimeout(() => watch.stop(), Math.max(1, deadline - this.now()));
    try {
      for await (const entry of watch) {
        if (entry.operation !== 'PUT') return undefined;
        const record = this.decode(entry.value, entry.key);
        if (record?.state === 'finished' && record.result) return record.result;
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      watch.stop();
    }
  }

  async finish(taskId: string, result: TaskResult): Promise<void> {
    const held = this.held.get(taskId);
    this.held.delete(taskId);
    if (!held) return;
    const record: TaskRunRecord = { ...held.record, state: 'finished', result };
    // A conflict means another replica took the claim over: its write stands.
    await this.records
      .writeAt(taskId, record, held.revision)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, taskId }, 'final result of a task not recorded in task-runs'),
      );
  }

  async release(taskId: string): Promise<void> {
    const held = this.held.get(taskId);
    this.held.delete(taskId);
    if (!held) return;
    await this.records
      .deleteAt(taskId, held.revision)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, taskId }, 'claim of an unfinished task not released'),
      );
  }

  private async existing(
    stored: Stored<TaskRunRecord | undefined>,
    record: TaskRunRecord,
    request: ClaimRequest,
  ): Promise<ClaimOutcome> {
    const found = stored.value;
    if (found?.state === 'finished' && found.result) return { kind: 'finished', result: found.result };
    if (found && !(await this.abandoned(found, request))) return { kind: 'held', owner: found.owner };
    const takenOver: TaskRunRecord = {
      ...record,
      ...(record.submissionSequence === undefined && found?.submissionSequence !== undefined
        ? { submissionSequence: found.submissionSequence }
        : {}),
    };
    const revision = await this.records.writeAt(record.taskId, takenOver, stored.revision);
    if (revision === undefined) return { kind: 'held', owner: 'another replica taking it over' };
    this.held.set(record.taskId, { record: takenOver, revision });
    return { kind: 'ours' };
  }

  /**
   * Nobody runs a claimed task any more when the claim is ours with no run in memory (this replica
   * restarted), its run is past its deadline, or its holder is known (or found) to be gone.
   */
  private async abandoned(found: TaskRunRecord, request: ClaimRequest): Promise<boolean> {
    if (found.owner === this.instanceId || found.owner === request.takeOverFrom) return true;
    if (found.runUntil === undefined || Date.parse(found.runUntil) <= this.now()) return true;
    return this.holderGone(found.owner, found.taskId);
  }

  private recordOf(request: ClaimRequest): TaskRunRecord {
    return {
      taskId: request.task.taskId,
      taskType: request.task.taskType,
      owner: this.instanceId,
      state: 'running',
      claimedAt: new Date(this.now()).toISOString(),
      runUntil: new Date(request.runUntil).toISOString(),
      ...(request.submissionSequence !== undefined ? { submissionSequence: request.submissionSequence } : {}),
    };
  }

  private decode(bytes: Uint8Array, key: string): TaskRunRecord | undefined {
    try {
      return parseMessage(TaskRunRecord, parseRecord(bytes));
    } catch (error) {
      this.logger.warn({ err: error, key }, 'unreadable task-runs record');
      return undefined;
    }
  }
}
