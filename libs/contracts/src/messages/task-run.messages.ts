import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsCount, IsIdToken, IsNested, IsOneOf, IsTimestamp } from './common/field-rules';
import { TASK_PAYLOAD_MAX_BYTES, TaskResult } from './task.messages';

export const TASK_RUN_STATES = ['running', 'finished'] as const;
export type TaskRunState = (typeof TASK_RUN_STATES)[number];

/** A record holds at most one final result (itself at most a task message) and a few ids. */
export const TASK_RUN_RECORD_MAX_BYTES = TASK_PAYLOAD_MAX_BYTES + 32 * 1024;

/**
 * The value of a key (the task id) in the `task-runs` bucket: which load-balancer replica claimed the
 * task (created once, so a task id runs once across replicas and restarts), and its final result once
 * finished, so a resubmission anywhere gets the result instead of a second run.
 */
@MessageType('warden.task.run.v1', { maxBytes: TASK_RUN_RECORD_MAX_BYTES })
export class TaskRunRecord {
  @IsIdToken() taskId!: string;
  @IsIdToken() taskType!: string;
  /** The replica (SERVICE_INSTANCE_ID) running it; a replica that takes over a dead one's task rewrites it. */
  @IsIdToken() owner!: string;
  @IsOneOf(TASK_RUN_STATES) state!: TaskRunState;
  @IsTimestamp() claimedAt!: string;
  /**
   * The claimed run's deadline (the task's timeout from the claim, plus grace): a claim still `running`
   * after it belongs to a replica that died or lost track, and another replica may take it over.
   */
  @IsOptional() @IsTimestamp() runUntil?: string;
  /** The COORDINATION stream sequence of a durable submission, so another replica can re-read and re-run it. */
  @IsOptional() @IsCount() submissionSequence?: number;
  /** The final result (`finished` only). */
  @IsOptional() @IsNested(() => TaskResult) result?: TaskResult;
}
