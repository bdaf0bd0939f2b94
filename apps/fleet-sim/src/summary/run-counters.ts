import type { FaultKind } from '../scenario/scenario.model';

/** What happened during a run, for the summary. */
export class RunCounters {
  tasksSucceeded = 0;
  tasksFailed = 0;
  tasksTimedOut = 0;
  tasksRefused = 0;
  incarnationsStarted = 0;
  restartsObeyed = 0;
  commandsRefused = 0;
  readonly faultsInjected = new Map<FaultKind, number>();

  faultInjected(kind: FaultKind): void {
    this.faultsInjected.set(kind, (this.faultsInjected.get(kind) ?? 0) + 1);
  }

  get tasksRun(): number {
    return this.tasksSucceeded + this.tasksFailed + this.tasksTimedOut;
  }
}
