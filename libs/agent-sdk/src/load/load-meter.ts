import type { HeartbeatLoadFigures, HeartbeatTaskCounters } from '@warden/contracts';
import { Ewma } from './ewma';
import { OutcomeWindow } from './outcome-window';

/** The load figures and task counters a heartbeat carries. */
export type LoadFigures = HeartbeatLoadFigures & HeartbeatTaskCounters;

/** Where process-level figures come from; an AgentHost shares one among its agents. */
export interface ResourceSampler {
  cpuRatio(): number;
  memoryBytes(): number;
  memoryLimitBytes(): number | undefined;
}

/**
 * Builds the figures of each heartbeat from real task outcomes (latency EWMA, error ratio over a time
 * window, counters) and the process's resources. A simulator can override any figure — a slow or leaking
 * agent is an override — while the rest stay real.
 */
export class LoadMeter {
  private readonly latency = new Ewma();
  private readonly outcomes = new OutcomeWindow();
  private inFlight = 0;
  private queued = 0;
  private completed = 0;
  private failed = 0;
  private overrides: Partial<LoadFigures> = {};

  constructor(
    private readonly capacity: number,
    private readonly resources: ResourceSampler,
  ) {}

  taskQueued(): void {
    this.queued++;
  }

  taskStarted(): void {
    this.queued = Math.max(0, this.queued - 1);
    this.inFlight++;
  }

  taskFinished(succeeded: boolean, durationMs: number, now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (succeeded) this.completed++;
    else this.failed++;
    this.latency.add(durationMs);
    this.outcomes.record(succeeded, now);
  }

  /** A task dropped from the queue before it started (drain, shutdown). */
  taskDequeued(): void {
    this.queued = Math.max(0, this.queued - 1);
  }

  override(figures: Partial<LoadFigures>): void {
    this.overrides = { ...this.overrides, ...figures };
  }

  clearOverrides(): void {
    this.overrides = {};
  }

  figures(now: number): LoadFigures {
    return {
      capacity: this.capacity,
      inFlightTasks: this.inFlight,
      queueDepth: this.queued,
      cpuRatio: this.resources.cpuRatio(),
      memoryBytes: this.resources.memoryBytes(),
      memoryLimitBytes: this.resources.memoryLimitBytes(),
      latencyEwmaMs: Math.round(this.latency.value * 100) / 100,
      errorRatio: this.outcomes.errorRatio(now),
      tasksCompleted: this.completed,
      tasksFailed: this.failed,
      ...this.overrides,
    };
  }
}
