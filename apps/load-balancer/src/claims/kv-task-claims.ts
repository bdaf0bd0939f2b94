import type { KV, KvEntry } from '@nats-io/kv';
import { TaskRunRecord, parseMessage, type TaskResult } from '@warden/contracts';
import { isRevisionConflict } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { ClaimOutcome, ClaimRequest, TaskClaims } from './task-claims';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
  constructor(
    private readonly kv: KV,
    private readonly instanceId: string,
    private readonly logger: Logger,
    /**
     * Asked on a claim another replica holds and whose run is not over (a resubmission, a durable
     * redelivery): true when that holder is gone or no longer runs the task, and the claim is taken
     * over. Only on a duplicate task id, never on the path of a new one.
     */
    private readonly holderGone: (holder: string, taskId: string) => Promise<boolean> = async () => false,
    private readonly now: () => number = Date.now,
  ) {}

  private readonly held = new Map<string, HeldClaim>();

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const record = this.recordOf(request);
    try {
      // Twice at most: a claim released between our create and our read is created again.
      for (let round = 0; round < 2; round++) {
        try {
          const revision = await this.kv.create(request.task.taskId, this.encode(record));
          this.held.set(record.taskId, { record, revision });
          return { kind: 'ours' };
        } catch (error) {
          if (!isRevisionConflict(error)) throw error;
        }
        const entry = await this.kv.get(request.task.taskId);
        if (!entry || entry.operation !== 'PUT') continue;
        return await this.existing(entry, record, request);
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
    const entry = await this.kv.get(taskId);
    return entry?.operation === 'PUT' ? this.decode(entry) : undefined;
  }

  async finished(taskId: string, deadline: number): Promise<TaskResult | undefined> {
    const watch = await this.kv.watch({ key: taskId });
    const timer = setTimeout(() => watch.stop(), Math.max(1, deadline - this.now()));
    try {
      for await (const entry of watch) {
        if (entry.operation !== 'PUT') return undefined;
        const record = this.decode(entry);
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
    try {
      await this.kv.update(taskId, this.encode(record), held.revision);
    } catch (error) {
      if (!isRevisionConflict(error))
        this.logger.warn({ err: error, taskId }, 'final result of a task not recorded in task-runs');
    }
  }

  async release(taskId: string): Promise<void> {
    const held = this.held.get(taskId);
    this.held.delete(taskId);
    if (!held) return;
    try {
      await this.kv.delete(taskId, { previousSeq: held.revision });
    } catch (error) {
      if (!isRevisionConflict(error))
        this.logger.warn({ err: error, taskId }, 'claim of an unfinished task not released');
    }
  }

  private async existing(
    entry: KvEntry,
    record: TaskRunRecord,
    request: ClaimRequest,
  ): Promise<ClaimOutcome> {
    const found = this.decode(entry);
    if (found?.state === 'finished' && found.result) return { kind: 'finished', result: found.result };
    if (found && !(await this.abandoned(found, request))) return { kind: 'held', owner: found.owner };
    const takenOver: TaskRunRecord = {
      ...record,
      ...(record.submissionSequence === undefined && found?.submissionSequence !== undefined
        ? { submissionSequence: found.submissionSequence }
        : {}),
    };
    try {
      const revision = await this.kv.update(record.taskId, this.encode(takenOver), entry.revision);
      this.held.set(record.taskId, { record: takenOver, revision });
      return { kind: 'ours' };
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
      return { kind: 'held', owner: 'another replica taking it over' };
    }
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

  private encode(record: TaskRunRecord): Uint8Array {
    return encoder.encode(JSON.stringify(record));
  }

  private decode(entry: KvEntry): TaskRunRecord | undefined {
    try {
      return parseMessage(TaskRunRecord, JSON.parse(decoder.decode(entry.value)) as unknown);
    } catch (error) {
      this.logger.warn({ err: error, key: entry.key }, 'unreadable task-runs record');
      return undefined;
    }
  }
}
