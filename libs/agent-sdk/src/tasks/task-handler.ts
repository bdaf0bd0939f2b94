import type { TaskDispatch } from '@warden/contracts';

export interface TaskContext {
  agentId: string;
  incarnation: number;
  /** Aborted when the task times out or the agent stops before it finished; long work should watch it. */
  signal: AbortSignal;
}

/** The application's work. Its return value becomes the TaskResult's `result`; a throw becomes its `error`. */
export type TaskHandler = (
  task: TaskDispatch,
  context: TaskContext,
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
