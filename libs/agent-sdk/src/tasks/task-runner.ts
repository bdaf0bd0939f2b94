import type { LoadMeter } from '../load/load-meter';
import { AgentNotAcceptingTasksError, AgentOverloadedError, TaskAbandonedError } from './task-errors';

export interface TaskRunnerOptions {
  agentId: string;
  /** Tasks run at once. */
  capacity: number;
  /** Tasks waiting for a slot before new ones are refused as overloaded. */
  queueLimit: number;
  /** Finished task ids remembered so a redelivered task returns its first outcome instead of running again. */
  rememberedOutcomes?: number;
  meter: LoadMeter;
  /** Why new tasks are refused right now, or undefined when they are welcome. */
  refusal: () => string | undefined;
  now?: () => number;
}

interface Waiting {
  start: () => void;
  abandon: () => void;
}

/**
 * Runs tasks with at most `capacity` at once and a bounded queue, reports every outcome to the load
 * meter, and runs each task id once: a duplicate delivery (a retry after a lost reply, a re-dispatch)
 * joins the running task or gets the remembered outcome.
 */
export class TaskRunner {
  private running = 0;
  private readonly queue: Waiting[] = [];
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly outcomes = new Map<string, Promise<unknown>>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly options: TaskRunnerOptions) {
    this.now = options.now ?? Date.now;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Whether this task id is running, queued or finished recently (a new delivery would not run it again). */
  knows(taskId: string): boolean {
    return this.pending.has(taskId) || this.outcomes.has(taskId);
  }

  /**
   * Why `submit` would refuse this task now, or undefined when it would take it (or join a known one),
   * so a caller can answer a refusal at once without waiting for the task.
   */
  refusalOf(taskId: string): AgentNotAcceptingTasksError | AgentOverloadedError | undefined {
    if (this.knows(taskId)) return undefined;
    const refusal = this.options.refusal();
    if (refusal) return new AgentNotAcceptingTasksError(this.options.agentId, refusal);
    if (this.running >= this.options.capacity && this.queue.length >= this.options.queueLimit) {
      return new AgentOverloadedError(this.options.agentId, this.options.queueLimit);
    }
    return undefined;
  }

  submit<R>(taskId: string, work: () => Promise<R>): Promise<R> {
    const known = this.pending.get(taskId) ?? this.outcomes.get(taskId);
    if (known) return known as Promise<R>;

    const refused = this.refusalOf(taskId);
    if (refused) return Promise.reject(refused);

    const outcome = this.schedule(taskId, work);
    this.pending.set(taskId, outcome);
    outcome.then(
      () => this.remember(taskId, outcome),
      (error: unknown) =>
        error instanceof TaskAbandonedError ? this.pending.delete(taskId) : this.remember(taskId, outcome),
    );
    return outcome;
  }

  /** Resolves once nothing runs and nothing waits (used by drain). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses every task still waiting for a slot (stop without drain). */
  abandonQueued(): void {
    for (const waiting of this.queue.splice(0)) waiting.abandon();
    this.notifyIfIdle();
  }

  private schedule<R>(taskId: string, work: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const start = () => {
        this.running++;
        this.options.meter.taskStarted();
        const startedAt = this.now();
        let result: Promise<R>;
        try {
          result = Promise.resolve(work());
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => this.finish(true, startedAt, () => resolve(value)),
          (error: unknown) => this.finish(false, startedAt, () => reject(error)),
        );
      };
      this.options.meter.taskQueued();
      if (this.running < this.options.capacity) {
        start();
        return;
      }
      this.queue.push({
        start,
        abandon: () => {
          this.options.meter.taskDequeued();
          reject(new TaskAbandonedError(taskId));
        },
      });
    });
  }

  private finish(succeeded: boolean, startedAt: number, settle: () => void): void {
    const now = this.now();
    this.running--;
    this.options.meter.taskFinished(succeeded, now - startedAt, now);
    settle();
    this.queue.shift()?.start();
    this.notifyIfIdle();
  }

  private remember(taskId: string, outcome: Promise<unknown>): void {
    this.pending.delete(taskId);
    this.outcomes.set(taskId, outcome);
    const limit = this.options.rememberedOutcomes ?? 10_000;
    while (this.outcomes.size > limit) this.outcomes.delete(this.outcomes.keys().next().value as string);
  }

  private notifyIfIdle(): void {
    if (this.running !== 0 || this.queue.length !== 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
