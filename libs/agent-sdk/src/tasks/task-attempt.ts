import { MessageLimits, TaskResult, isIdToken, type TaskDispatch, type TaskOutcome } from '@warden/contracts';
import { TaskAbandonedError } from './task-errors';
import { TaskCancelledError, TaskFailedError, TaskTimedOutError } from './task-execution-errors';
import type { TaskContext, TaskHandler } from './task-handler';

export type TaskOutput = Record<string, unknown> | undefined;

/** The tasks an agent is running, each abortable, so a stop that runs out of grace can cancel them. */
export class ActiveTasks {
  private readonly cancellers = new Set<() => void>();

  get size(): number {
    return this.cancellers.size;
  }

  cancelAll(): void {
    for (const cancel of [...this.cancellers]) cancel();
  }

  /**
   * Runs the handler; settles with its output, or fails with its error, TaskTimedOutError after the
   * dispatch's timeout, or TaskCancelledError on cancelAll. The slot is freed then even when the handler
   * ignores its abort signal, because an agent that waited for it could be stuck forever.
   */
  run(handler: TaskHandler, task: TaskDispatch, context: Omit<TaskContext, 'signal'>): Promise<TaskOutput> {
    const abort = new AbortController();
    return new Promise<TaskOutput>((resolve, reject) => {
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.cancellers.delete(cancel);
        settle();
      };
      const cancel = (): void => {
        abort.abort();
        finish(() => reject(new TaskCancelledError(task.taskId)));
      };
      const timer = setTimeout(() => {
        abort.abort();
        finish(() => reject(new TaskTimedOutError(task.taskId, task.timeoutMs)));
      }, task.timeoutMs);
      this.cancellers.add(cancel);
      let output: ReturnType<TaskHandler>;
      try {
        output = handler(task, { ...context, signal: abort.signal });
      } catch (error) {
        finish(() => reject(error));
        return;
      }
      Promise.resolve(output).then(
        (value) => finish(() => resolve(value ?? undefined)),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }
}

/** The TaskResult of one attempt, from its output or its error. */
export function taskResultOf(
  task: TaskDispatch,
  agentId: string,
  settled: { output: TaskOutput } | { error: unknown },
  durationMs: number,
  completedAt = new Date(),
): TaskResult {
  const result = new TaskResult();
  result.taskId = task.taskId;
  result.taskType = task.taskType;
  result.agentId = agentId;
  result.attempt = task.attempt;
  result.durationMs = Math.max(0, Math.round(durationMs));
  result.completedAt = completedAt.toISOString();
  if ('output' in settled) {
    result.outcome = 'succeeded';
    if (settled.output !== undefined) result.result = settled.output;
    return result;
  }
  const { outcome, code, retryable } = classify(settled.error);
  result.outcome = outcome;
  result.error = { code, message: messageOf(settled.error), retryable };
  return result;
}

function classify(error: unknown): { outcome: TaskOutcome; code: string; retryable: boolean } {
  if (error instanceof TaskFailedError) {
    // The code goes into a validated id-token field; an application's free text must not void the result.
    return {
      outcome: 'failed',
      code: isIdToken(error.code) ? error.code : 'handler-error',
      retryable: error.retryable,
    };
  }
  if (error instanceof TaskTimedOutError) return { outcome: 'timed-out', code: error.code, retryable: true };
  if (error instanceof TaskCancelledError || error instanceof TaskAbandonedError) {
    return { outcome: 'cancelled', code: error.code, retryable: true };
  }
  return { outcome: 'failed', code: 'handler-error', retryable: true };
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text || 'task failed').slice(0, MessageLimits.detailLength);
}
