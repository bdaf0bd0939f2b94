import type { LeadersView } from './leaders-view';
import type { HealthState } from '@warden/contracts';
import type { AlertsView } from './alerts-view';

/**
 * What the live view shows, as plain data: the renderer turns it into lines and the observer and the
 * stack fill it in. A later section (failures, recoveries, alerts, leaders) is one more field here, the
 * code that fills it, and one more section renderer.
 */
export interface FleetViewState {
  readonly startedAt: number;
  readonly stack: StackView;
  readonly collector: CollectorView;
  /** Newest first, at most TRANSITIONS_SHOWN. */
  readonly transitions: readonly TransitionView[];
  /** Absent until the alerts observer first reports. */
  readonly alerts?: AlertsView;
  /** Election leaders, from the consensus coordinator (absent until it is asked). */
  readonly leaders?: LeadersView;
}

export type NatsOrigin = 'started' | 'external';

export interface StackView {
  readonly natsUrl?: string;
  readonly natsOrigin?: NatsOrigin;
  /** In start order: the services, then fleet-sim. */
  readonly processes: readonly StackProcessView[];
}

/** `finished`: ended on its own with exit code 0 (fleet-sim at the end of its scenario); `exited`: ended otherwise. */
export type StackProcessState =
  'starting' | 'ready' | 'running' | 'skipped' | 'failed' | 'finished' | 'exited' | 'stopping' | 'stopped';

export interface StackProcessView {
  readonly name: string;
  readonly state: StackProcessState;
  /** Where it listens, why it was skipped, how it exited. */
  readonly detail?: string;
}

export type HealthCounts = Readonly<Record<HealthState, number>>;

export interface FleetCounts {
  /** Absent for the whole fleet. */
  readonly zone?: string;
  readonly totalAgents: number;
  readonly byState: HealthCounts;
}

export type CollectorStatus = 'waiting' | 'answering' | 'silent';

export interface CollectorView {
  /** `waiting`: never answered yet; `silent`: answered before, not now (the counts shown are the last ones). */
  readonly status: CollectorStatus;
  /** Why the last query got no answer. */
  readonly problem?: string;
  readonly lastAnswerAt?: number;
  readonly fleet?: FleetCounts;
  /** Ordered by zone name. */
  readonly zones: readonly FleetCounts[];
}

export interface TransitionView {
  /** Epoch ms of the change, by the collector's clock. */
  readonly at: number;
  readonly agentId: string;
  readonly zone: string;
  readonly from?: HealthState;
  readonly to: HealthState;
  readonly reasons: readonly string[];
}

export const TRANSITIONS_SHOWN = 15;
