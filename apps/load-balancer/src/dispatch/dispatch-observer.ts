import type { TaskResult, TaskSubmitted } from '@warden/contracts';
import type { RouteDecision } from '../routing/router';
import type { AttemptFailedError } from './dispatch-errors';

/** Hooks for metrics, traces and the live view; the dispatcher itself knows none of them. */
export interface DispatchObserver {
  routed(task: TaskSubmitted, attempt: number, decision: RouteDecision, decisionMicros: number): void;
  attemptFailed(task: TaskSubmitted, attempt: number, failure: AttemptFailedError): void;
  completed(task: TaskSubmitted, result: TaskResult, latencyMs: number): void;
  gaveUp(task: TaskSubmitted, error: Error): void;
}

export const SILENT_OBSERVER: DispatchObserver = {
  routed: () => undefined,
  attemptFailed: () => undefined,
  completed: () => undefined,
  gaveUp: () => undefined,
};
