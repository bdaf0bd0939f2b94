import {
  AlertNotification,
  type BreakerTransition,
  Subjects,
  notificationUrgencyOf,
  SEVERITIES,
  type Escalation,
  type FailureDetected,
  MessageLimits,
  type PatternDetected,
  type RecoveryEvent,
  type Severity,
} from '@warden/contracts';
import type { KvRecords, Publisher } from '@warden/messaging';
import { isResolved, type AlertRecord } from '../domain/alert';
import { labelListOf } from '../domain/alert-view';
import { applyAlertChange } from '../intake/apply-alert-change';
import type { AlertChange, AlertTranslator } from '../intake/alert-translator';
import { withActiveTrace } from '../notify/notification-trace';
import type { AlertMetrics } from './alert-metrics';

/**
 * Turns each input event into a stored alert change (any replica; the shared durable consumers give each
 * event to one of them) and records each firing and each resolution in the ALERTS stream, the durable
 * history Alertmanager lacks. Idempotent: a redelivered event changes nothing the second time, and the
 * history publish is de-duplicated by an id derived from the alert's episode.
 */
export class AlertIntake {
  constructor(
    private readonly bucket: KvRecords<AlertRecord>,
    private readonly translator: AlertTranslator,
    private readonly publisher: Publisher,
    private readonly metrics: AlertMetrics,
    /** Whether this replica's mirror already holds the alert (then it is read before it is written). */
    private readonly known: (fingerprint: string) => boolean,
  ) {}

  failure(event: FailureDetected): Promise<void> {
    return this.apply('failure', this.translator.fromFailure(event));
  }

  pattern(event: PatternDetected): Promise<void> {
    return this.apply('pattern', this.translator.fromPattern(event));
  }

  async recovery(event: RecoveryEvent): Promise<void> {
    const change = this.translator.fromRecovery(event);
    if (change) await this.apply('recovery', change);
  }

  escalation(event: Escalation): Promise<void> {
    return this.apply('escalation', this.translator.fromEscalation(event));
  }

  async breaker(event: BreakerTransition): Promise<void> {
    const change = this.translator.fromBreaker(event);
    if (change) await this.apply('breaker', change);
  }

  private async apply(source: string, change: AlertChange): Promise<void> {
    const key = change.kind === 'fire' ? change.alert.fingerprint : change.fingerprint;
    let before: AlertRecord | undefined;
    const now = Date.now();
    const after = await this.bucket.mutate(
      key,
      (current) => {
        before = current;
        const next = applyAlertChange(current, change, now);
        // Only a real change takes the event's trace; an unchanged record must stay the same object.
        return next && next !== current ? withActiveTrace(next) : next;
      },
      { likelyAbsent: change.kind === 'fire' && !this.known(key) },
    );
    this.metrics.ingested(source);
    if (!after || after === before) return;
    const wasFiring = before !== undefined && !isResolved(before, now);
    const isFiring = !isResolved(after, now);
    if (isFiring && !wasFiring) await this.recordHistory(after, 'firing', now);
    if (!isFiring && wasFiring) await this.recordHistory(after, 'resolved', now);
  }

  private async recordHistory(alert: AlertRecord, status: 'firing' | 'resolved', now: number): Promise<void> {
    const severity = severityOf(alert.labels.severity);
    const message: AlertNotification = {
      alertId: alert.fingerprint,
      status,
      severity,
      urgency: notificationUrgencyOf(severity),
      summary: (alert.annotations.summary ?? alert.labels.alertname ?? alert.fingerprint).slice(
        0,
        MessageLimits.summaryLength,
      ),
      agentIds: alert.agentIds.slice(0, MessageLimits.agentsPerEvent),
      labels: labelListOf(alert.labels),
      evidence: alert.evidence.slice(-MessageLimits.evidenceChainLinks),
      startsAt: new Date(alert.startsAt).toISOString(),
      ...(status === 'resolved' && alert.endsAt !== undefined
        ? { endsAt: new Date(alert.endsAt).toISOString() }
        : {}),
      updatedAt: new Date(now).toISOString(),
    };
    await this.publisher.publishDurable(Subjects.alerts(status, severity), AlertNotification, message, {
      id: `${alert.fingerprint}-${status}-${alert.startsAt}`,
    });
  }
}

function severityOf(label: string | undefined): Severity {
  return (SEVERITIES as readonly string[]).includes(label ?? '') ? (label as Severity) : 'medium';
}
