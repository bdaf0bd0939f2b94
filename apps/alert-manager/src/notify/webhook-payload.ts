import { isResolved } from '../domain/alert';
import { commonLabelsOf } from '../domain/labels';
import type { Notification } from './notification';

/** One alert in Alertmanager's webhook payload, version 4. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** Alertmanager's webhook payload, version 4, so receivers written for Alertmanager work unchanged. */
export interface WebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

/** Alertmanager's "zero" time, which it sends as endsAt of an alert with no end. */
const NO_END = '0001-01-01T00:00:00Z';

export function webhookPayloadOf(notification: Notification): WebhookPayload {
  const { receiver, alerts, at } = notification;
  const shown = receiver.maxAlerts > 0 ? alerts.slice(0, receiver.maxAlerts) : alerts;
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: alerts.length - shown.length,
    status: notification.status,
    receiver: receiver.name,
    groupLabels: { ...notification.groupLabels },
    commonLabels: commonLabelsOf(alerts.map((alert) => alert.labels)),
    commonAnnotations: commonLabelsOf(alerts.map((alert) => alert.annotations)),
    externalURL: notification.externalUrl,
    alerts: shown.map((alert) => {
      const resolved = isResolved(alert, at);
      return {
        status: resolved ? 'resolved' : 'firing',
        labels: { ...alert.labels },
        annotations: { ...alert.annotations },
        startsAt: new Date(alert.startsAt).toISOString(),
        endsAt: alert.endsAt !== undefined && resolved ? new Date(alert.endsAt).toISOString() : NO_END,
        generatorURL: `${notification.externalUrl}/api/v2/alerts?filter=${encodeURIComponent(`fingerprint="${alert.fingerprint}"`)}`,
        fingerprint: alert.fingerprint,
      };
    }),
  };
}
