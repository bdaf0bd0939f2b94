import type { TaskResult } from '@warden/contracts';
import { AttemptFailedError } from './dispatch-errors';

interface Waiter {
  agentId: string;
  resolve(result: TaskResult): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * The open attempts of this replica, by task id: a result (from any attempt of the task, so a late
 * result of an earlier attempt still completes it, once) settles the waiter; a lost agent rejects
 * every attempt on it.
 */
export class ResultWaiters {
  private readonly byTask = new Map<string, Waiter>();

  get size(): number {
    return this.byTask.size;
  }

  /** Registered before the dispatch goes out: the result may come back before the receipt. */
  register(taskId: string, agentId: string): Promise<TaskResult> {
    return new Promise<TaskResult>((resolve, reject) => {
      this.byTask.set(taskId, { agentId, resolve, reject });
    });
  }

  /** Starts the attempt's clock once the agent accepted. */
  expire(taskId: string, afterMs: number): void {
    const waiter = this.byTask.get(taskId);
    if (!waiter) return;
    waiter.timer = setTimeout(
      () =>
        this.settle(taskId, (w) =>
          w.reject(new AttemptFailedError('no-result', w.agentId, `no result in ${afterMs} ms`)),
        ),
      afterMs,
    );
  }

  /** True when the result completed an open attempt; false for an unknown or already completed task. */
  deliver(result: TaskResult): boolean {
    return this.settle(result.taskId, (waiter) => waiter.resolve(result));
  }

  fail(taskId: string, error: Error): void {
    this.settle(taskId, (waiter) => waiter.reject(error));
  }

  /** Rejects every open attempt on the agent with AttemptFailedError('lost'); returns how many. */
  agentLost(agentId: string, detail: string): number {
    let lost = 0;
    for (const [taskId, waiter] of this.byTask) {
      if (waiter.agentId !== agentId) continue;
      lost++;
      this.settle(taskId, (w) => w.reject(new AttemptFailedError('lost', agentId, detail)));
    }
    return lost;
  }

  /** Task ids with an open attempt on the agent. */
  tasksOn(agentId: string): string[] {
    const ids: string[] = [];
    for (const [taskId, waiter] of this.byTask) if (waiter.agentId === agentId) ids.push(taskId);
    return ids;
  }

  discard(taskId: string): void {
    const waiter = this.byTask.get(taskId);
    if (waiter) clearTimeout(waiter.timer);
    this.byTask.delete(taskId);
  }

  private settle(taskId: string, action: (waiter: Waiter) => void): boolean {
    const waiter = this.byTask.get(taskId);
    if (!waiter) return false;
    clearTimeout(waiter.timer);
    this.byTask.delete(taskId);
    action(waiter);
    return true;
  }
}
