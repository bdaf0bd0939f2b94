import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** What an operator watches on the alert manager: intake, notifications per receiver and outcome, incidents, who sends. */
export class AlertMetrics {
  private readonly intake: Counter<string>;
  private readonly notifications: Counter<string>;
  private readonly deliverySeconds: Histogram<string>;
  private readonly receiverFailing: Gauge<string>;
  private readonly escalations: Counter<string>;
  private readonly sender: Gauge<string>;
  private readonly firing: Gauge<string>;

  constructor(metrics: MetricsRegistry) {
    this.intake = metrics.counter({
      name: 'warden_alert_events_ingested_total',
      help: 'Events turned into alert changes, by source (failure, pattern, recovery, escalation)',
      labelNames: ['source'],
    });
    this.notifications = metrics.counter({
      name: 'warden_alert_notifications_total',
      help: 'Notifications by receiver and outcome (sent, failed)',
      labelNames: ['receiver', 'outcome'],
    });
    this.deliverySeconds = metrics.histogram({
      name: 'warden_alert_notification_duration_seconds',
      help: 'Time to deliver one notification, retries included',
      labelNames: ['receiver'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    });
    this.receiverFailing = metrics.gauge({
      name: 'warden_alert_receiver_failing',
      help: '1 while the last notification to the receiver failed after its retries',
      labelNames: ['receiver'],
    });
    this.escalations = metrics.counter({
      name: 'warden_alert_incident_steps_total',
      help: 'Incident escalation notifications by reason (triggered, escalated, re-triggered)',
      labelNames: ['reason'],
    });
    this.sender = metrics.gauge({
      name: 'warden_alert_sender',
      help: '1 while this replica is the one that sends notifications',
    });
    this.firing = metrics.gauge({
      name: 'warden_alerts_firing',
      help: 'Firing alerts as this replica sees them, muted ones included',
    });
  }

  ingested(source: string): void {
    this.intake.inc({ source });
  }

  delivered(receiver: string, ok: boolean, seconds: number): void {
    this.notifications.inc({ receiver, outcome: ok ? 'sent' : 'failed' });
    this.deliverySeconds.observe({ receiver }, seconds);
    this.receiverFailing.set({ receiver }, ok ? 0 : 1);
  }

  incidentStep(reason: string): void {
    this.escalations.inc({ reason });
  }

  isSender(sending: boolean): void {
    this.sender.set(sending ? 1 : 0);
  }

  firingAlerts(count: number): void {
    this.firing.set(count);
  }
}
