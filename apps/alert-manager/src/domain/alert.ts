import type { EvidenceLink } from '@warden/contracts';
import type { Labels } from './labels';

/** What one attempt to notify a receiver about an alert's group came to; kept on the alert as its history. */
export interface DeliveryRecord {
  receiver: string;
  status: 'firing' | 'resolved';
  outcome: 'sent' | 'failed';
  at: number;
  attempts: number;
  error?: string;
}

/**
 * One alert: identified by its fingerprint, resolved once `endsAt` is in the past. `agentIds` names the
 * agents it is about, which topology inhibition matches on; `evidence` links the events that raised and
 * resolved it.
 */
export interface AlertRecord {
  fingerprint: string;
  labels: Labels;
  annotations: Readonly<Record<string, string>>;
  startsAt: number;
  /** Absent while firing with no end in sight; in the future: firing until then unless renewed. */
  endsAt?: number;
  updatedAt: number;
  agentIds: readonly string[];
  /** The pattern that explains this alert (a failure inside a zone outage): topology inhibition uses it. */
  explainedBy?: string;
  evidence: readonly EvidenceLink[];
  /** Newest last, bounded. */
  deliveries: readonly DeliveryRecord[];
  /** W3C traceparent of the event that last changed it: its notification continues that trace. */
  traceparent?: string;
}

export const MAX_DELIVERY_HISTORY = 20;

export function isResolved(alert: Pick<AlertRecord, 'endsAt'>, now: number): boolean {
  return alert.endsAt !== undefined && alert.endsAt <= now;
}
