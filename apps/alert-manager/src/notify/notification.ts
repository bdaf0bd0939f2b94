import type { AlertRecord } from '../domain/alert';
import type { ReceiverConfig } from '../config/alerting-config';

/** One notification to one receiver about one alert group or incident, whatever the receiver's kind. */
export interface Notification {
  receiver: ReceiverConfig;
  /** The group key (Alertmanager's `groupKey`), or the incident's group key for escalation steps. */
  groupKey: string;
  status: 'firing' | 'resolved';
  groupLabels: Readonly<Record<string, string>>;
  /** Firing first, then resolved. */
  alerts: readonly AlertRecord[];
  /** new-alerts, resolved, repeat, resume; triggered, escalated, re-triggered, incident-resolved. */
  reason: string;
  incidentId?: string;
  fencingToken: number;
  /** Stable across a resend after failover, so a receiver can drop the duplicate. */
  notificationId: string;
  externalUrl: string;
  at: number;
}
