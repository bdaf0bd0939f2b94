import type { HealthState } from '@warden/contracts';

/** A change of verdict, to be published as HealthStateChanged and written to the registry at once. */
export interface StateTransition {
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
  previousState?: HealthState;
  state: HealthState;
  reasons: string[];
  changedAt: number;
  lastHeartbeatAt: number;
}
