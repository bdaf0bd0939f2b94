import type { KV, KvEntry } from '@nats-io/kv';
import { TaskRunRecord, parseMessage, type TaskResult } from '@warden/contracts';
import { isRevisionConflict } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { ClaimOutcome, ClaimRequest, TaskClaims } from './task-claims';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Task claims in the `task-runs` bucket, one key per task id: a claim is a KV `create` (one write per
 * new task id on the dispatch path), the final result a `put` after the run, a run that ended without
 * a result a `delete`. Taking a claim over is a compare-and-set on the revision read, so of several
 * replicas taking over the same task one wins. When the bucket cannot be reached the task runs anyway
 * (availability first; agents still de-duplicate the deliveries they get) and the failure is logged.
 */
export class KvTaskClaims implements TaskClaims {
  constructor(
    private readonly kv: KV,
    private readonly instanceId: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(request: ClaimRequest): Promise<ClaimOutcome> {
    const record = this.recordOf(request);
    try {
      // Twice at most: a claim released between our create and our read is created again.
      for (let round = 0; round < 2; round++) {
        try {
          await this.kv.create(request.task.taskId, encoder.encode(JSON.stringify(record)));
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
    try {
      const entry = await this.kv.get(taskId);
      const claimed = entry?.operation === 'PUT' ? this.decode(entry) : undefined;
      const record: TaskRunRecord = {
        taskId,
        taskType: result.taskType,
        owner: this.instanceId,
        state: 'finished',
        claimedAt: claimed?.claimedAt ?? new Date(this.now()).toISOString(),
        ...(claimed?.submissionSequence !== undefined
          ? { submissionSequence: claimed.submissionSequence }
          : {}),
        result,
      };
      await this.kv.put(taskId, encoder.encode(JSON.stringify(record)));
    } catch (error) {
      this.logger.warn({ err: error, taskId }, 'final result of a task not recorded in task-runs');
    }
  }

  async release(taskId: string): Promise<void> {
    try {
      const entry = await this.kv.get(taskId);
      if (!entry || entry.operation !== 'PUT') return;
      const record = this.decode(entry);
      // Only our own unfinished claim: a replica that took it over meanwhile keeps it.
      if (record?.owner !== this.instanceId || record.state !== 'running') return;
      await this.kv.delete(taskId, { previousSeq: entry.revision });
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
    try {
      await this.kv.update(
        record.taskId,
        encoder.encode(
          JSON.stringify({
            ...record,
            submissionSequence: record.submissionSequence ?? found?.submissionSequence,
          }),
        ),
        entry.revision,
      );
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
    return request.holderGone !== undefined && (await request.holderGone(found.owner));
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

  private decode(entry: KvEntry): TaskRunRecord | undefined {
    try {
      return parseMessage(TaskRunRecord, JSON.parse(decoder.decode(entry.value)) as unknown);
    } catch (error) {
      this.logger.warn({ err: error, key: entry.key }, 'unreadable task-runs record');
      return undefined;
    }
  }
}
