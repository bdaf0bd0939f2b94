import type { IncidentState } from '@warden/contracts';

/** The lifecycle of one incident: one alert group with an escalation policy, from first firing to resolved. */
export interface IncidentRecord {
  id: string;
  groupKey: string;
  policy: string;
  state: IncidentState;
  /** The last escalation step notified (0: the first level on trigger). */
  step: number;
  openedAt: number;
  /** When the current run of steps started: the trigger, or the last re-trigger. */
  triggeredAt: number;
  lastStepAt: number;
  acknowledgedBy?: string;
  acknowledgedAt?: number;
  resolvedAt?: number;
  /** Escalation receivers notified so far, who get the resolved notification. */
  notified: string[];
  updatedAt: number;
}
