import { isResolved } from '../domain/alert';
import type { Notification } from './notification';

/** A Slack incoming-webhook message (also accepted by Mattermost and Rocket.Chat). */
export interface SlackPayload {
  text: string;
  attachments: { color: string; title: string; text: string; footer: string }[];
}

const MAX_LINES = 20;

export function slackPayloadOf(notification: Notification): SlackPayload {
  const firing = notification.alerts.filter((alert) => !isResolved(alert, notification.at));
  const resolved = notification.alerts.length - firing.length;
  const status = notification.status === 'firing' ? `FIRING:${firing.length}` : 'RESOLVED';
  const group = Object.entries(notification.groupLabels)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const lines = notification.alerts.slice(0, MAX_LINES).map((alert) => {
    const mark = isResolved(alert, notification.at) ? 'resolved' : (alert.labels.severity ?? 'firing');
    return `• [${mark}] ${alert.annotations.summary ?? alert.labels.alertname ?? alert.fingerprint}`;
  });
  if (notification.alerts.length > MAX_LINES)
    lines.push(`… and ${notification.alerts.length - MAX_LINES} more`);
  return {
    text: `[${status}] ${group || 'all alerts'} (${notification.reason})`,
    attachments: [
      {
        color: notification.status === 'firing' ? 'danger' : 'good',
        title: notification.incidentId ? `incident ${notification.incidentId}` : notification.groupKey,
        text: lines.join('\n'),
        footer: `Warden alert manager · ${firing.length} firing, ${resolved} resolved`,
      },
    ],
  };
}
