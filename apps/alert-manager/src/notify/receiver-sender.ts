import { ALERT_NOTICE_MAX_ALERTS, AlertGroupNotice, Subjects } from '@warden/contracts';
import { retry, type Publisher } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import { alertViewOf, labelListOf } from '../domain/alert-view';
import { PermanentDeliveryError, type DeliveryOutcome } from './delivery-outcome';
import type { Notification } from './notification';
import { inHttpClientSpan, inNotificationSpan } from './notification-trace';
import { slackPayloadOf } from './slack-payload';
import { webhookPayloadOf } from './webhook-payload';

/**
 * Delivers a notification to its receiver: HTTP POST for webhook and Slack (each attempt bounded by the
 * receiver's timeout, not by group_interval, a known Alertmanager surprise), a JetStream publish for a
 * NATS receiver (de-duplicated by notification id), a log line for the log receiver. Transient failures
 * are retried with exponential backoff; the outcome says how many attempts it took and why it failed.
 */
export class ReceiverSender {
  constructor(
    private readonly publisher: Publisher,
    private readonly logger: Logger,
  ) {}

  send(notification: Notification): Promise<DeliveryOutcome> {
    return inNotificationSpan(notification, () => this.sendWithRetries(notification));
  }

  private async sendWithRetries(notification: Notification): Promise<DeliveryOutcome> {
    const { attempts, initialBackoffMs, maxBackoffMs } = notification.receiver.retry;
    let attempted = 0;
    try {
      await retry(
        (attempt) => {
          attempted = attempt;
          return this.deliverOnce(notification);
        },
        {
          attempts,
          // The receiver's configured doubling, from initial_backoff up to max_backoff, unjittered as it always was.
          backoff: {
            initialMs: initialBackoffMs,
            multiplier: 2,
            maxMs: maxBackoffMs,
            jitter: { kind: 'none' },
          },
          isRetryable: (error) => !(error instanceof PermanentDeliveryError),
        },
      );
      return { ok: true, attempts: attempted };
    } catch (error) {
      return { ok: false, attempts: attempted, error: (error as Error).message };
    }
  }

  private async deliverOnce(notification: Notification): Promise<void> {
    const { receiver } = notification;
    switch (receiver.kind) {
      case 'webhook':
        return this.post(notification, webhookPayloadOf(notification));
      case 'slack':
        return this.post(notification, slackPayloadOf(notification));
      case 'nats':
        await this.publisher.publishDurable(
          Subjects.alertReceiver(receiver.name),
          AlertGroupNotice,
          this.noticeOf(notification),
          {
            id: notification.notificationId,
          },
        );
        return;
      case 'log':
        this.logger.info(
          {
            receiver: receiver.name,
            groupKey: notification.groupKey,
            status: notification.status,
            reason: notification.reason,
            incidentId: notification.incidentId,
            alerts: notification.alerts.map((alert) => alert.annotations.summary ?? alert.fingerprint),
          },
          'alert notification',
        );
        return;
    }
  }

  private async post(notification: Notification, body: unknown): Promise<void> {
    const { receiver } = notification;
    let response: Response;
    try {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'warden-alert-manager',
        'x-warden-notification-id': notification.notificationId,
        'x-warden-fencing-token': String(notification.fencingToken),
        ...(notification.incidentId ? { 'x-warden-incident-id': notification.incidentId } : {}),
        'x-warden-notification-reason': notification.reason,
      };
      response = await inHttpClientSpan('POST', receiver.url as string, headers, (traced) =>
        fetch(receiver.url as string, {
          method: 'POST',
          headers: traced,
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(receiver.timeoutMs),
        }),
      );
    } catch (error) {
      const cause =
        (error as Error).name === 'TimeoutError'
          ? `timed out after ${receiver.timeoutMs} ms`
          : (error as Error).message;
      throw new Error(`POST ${receiver.url} failed: ${cause}`, { cause: error });
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    const message = `POST ${receiver.url} answered ${response.status}`;
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)
      throw new PermanentDeliveryError(message);
    throw new Error(message);
  }

  private noticeOf(notification: Notification): AlertGroupNotice {
    const shown = notification.alerts.slice(0, ALERT_NOTICE_MAX_ALERTS);
    return {
      receiver: notification.receiver.name,
      groupKey: notification.groupKey.slice(0, 1024),
      status: notification.status,
      groupLabels: labelListOf(notification.groupLabels),
      alerts: shown.map((alert) => alertViewOf(alert, { silencedBy: [], inhibitedBy: [] }, notification.at)),
      truncatedAlerts: notification.alerts.length - shown.length,
      reason: notification.reason.slice(0, 64),
      ...(notification.incidentId ? { incidentId: notification.incidentId } : {}),
      fencingToken: notification.fencingToken,
      sentAt: new Date(notification.at).toISOString(),
    };
  }
}
