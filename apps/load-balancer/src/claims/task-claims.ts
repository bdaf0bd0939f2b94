import type { TaskResult, TaskRunRecord, TaskSubmitted } from '@warden/contracts';

/** What claiming a task id found. */
export type ClaimOutcome =
  /** This replica runs the task (a new id, or one taken over from a replica whose run is over). */
  | { kind: 'ours' }
  /** The task ran before, here or elsewhere: its final result, not a second run. */
  | { kind: 'finished'; result: TaskResult }
  /** Another replica runs it now. */
  | { kind: 'held'; owner: string };

export interface ClaimRequest {
  task: TaskSubmitted;
  /** When the run is over for sure (its deadline plus grace); a claim found running past it is taken over. */
  runUntil: number;
  /** The COORDINATION sequence of a durable submission, so another replica can re-read it. */
  submissionSequence?: number;
  /** Take over a claim of this replica, known to be gone (it did not answer a claim query). */
  takeOverFrom?: string;
}

/**
 * The task-id memory shared by the load-balancer replicas, so "run once" holds across replicas and
 * restarts: the first replica to claim an id runs it, records its final result, and everyone else gets
 * that result. Implemented over the `task-runs` KV bucket (KvTaskClaims); LocalTaskClaims keeps it
 * in the process (unit tests).
 */
export interface TaskClaims {
  claim(request: ClaimRequest): Promise<ClaimOutcome>;
  /** The claim of a task id as stored; undefined when none (never claimed, released or expired). */
  read(taskId: string): Promise<TaskRunRecord | undefined>;
  /** Waits for another replica's run of the task to finish; undefined if it did not by `deadline`. */
  finished(taskId: string, deadline: number): Promise<TaskResult | undefined>;
  /** Records this replica's final result of a claimed task. */
  finish(taskId: string, result: TaskResult): Promise<void>;
  /** Gives up this replica's claim: the run ended without a result, and a resubmission may run it. */
  release(taskId: string): Promise<void>;
}
