import type {
  AgentControlCommand,
  AgentLifecycle,
  CommandReceipt,
  TaskDispatch,
  TaskResult,
} from '@warden/contracts';
import type { LoadFigures } from '../load/load-meter';
import type { TaskHandler } from '../tasks/task-handler';

export interface AgentEvents {
  /** Every lifecycle change, right after the heartbeat that announced it was sent. */
  lifecycle: (state: AgentLifecycle, previous: AgentLifecycle) => void;
  /** Every control command received on `agent.<id>.control`, with the receipt it was answered with. */
  control: (command: AgentControlCommand, receipt: CommandReceipt) => void;
  /** Every finished task attempt (dispatched or run locally). */
  task: (result: TaskResult) => void;
}

export interface StopOptions {
  /** How long in-flight tasks may run before they are cancelled; default 10 s. */
  graceMs?: number;
}

/** A running agent, as `startAgent` and `AgentHost` hand it out. */
export interface AgentHandle {
  readonly id: string;
  readonly hostId: string;
  readonly zone: string;
  /** Changes on every start of the agent id (epoch ms of the start, strictly increasing in a process). */
  readonly incarnation: number;
  readonly lifecycle: AgentLifecycle;
  readonly paused: boolean;
  /** False once stopped or crashed. */
  readonly alive: boolean;
  /** Registers the task handler; the agent becomes `ready` (it refuses tasks until then). */
  onTask(handler: TaskHandler): void;
  /** Runs a task through the agent's own slots and queue, as if dispatched (results are not published). */
  runTask(task: TaskDispatch): Promise<TaskResult>;
  /** Takes no new tasks and waits for in-flight ones; after `graceMs` they are cancelled. True when all finished in time. */
  drain(graceMs?: number): Promise<boolean>;
  /** Takes no new tasks for now, staying `ready`. */
  pause(): void;
  /** Undoes a pause or a drain. */
  resume(): void;
  /** Graceful stop: `stopping`, in-flight work finishes (or is cancelled after the grace), final `stopped` beat. */
  stop(options?: StopOptions): Promise<void>;
  /** Simulates a crash: beats and inboxes stop at once with no announcement, in-flight work is lost. */
  kill(): void;
  /**
   * What the agent's own check of a dependency found; every heartbeat carries the dependencies down
   * until they are reported up, and the failure detector diagnoses one down for long as a failure.
   * `name` must be an id token (InvalidSubjectTokenError); a dependency down beyond the heartbeat's
   * `dependenciesPerAgent` (32) is refused with TooManyDependenciesDownError, the others stay reported.
   */
  reportDependency(name: string, state: 'up' | 'down'): void;
  /** Replaces measured figures in the heartbeats (simulation: a slow or leaking agent). */
  overrideFigures(figures: Partial<LoadFigures>): void;
  clearFigureOverrides(): void;
  /** The figures the next heartbeat would carry. */
  figures(): LoadFigures;
  on<K extends keyof AgentEvents>(event: K, listener: AgentEvents[K]): () => void;
}
