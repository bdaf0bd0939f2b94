import type { KvRecords, Stored } from '@warden/messaging';
import type { AlertingConfig, ReceiverConfig } from '../config/alerting-config';
import { MAX_DELIVERY_HISTORY, isResolved, type AlertRecord } from '../domain/alert';
import { Dispatcher } from '../dispatch/dispatcher';
import type { GroupSnapshot } from '../dispatch/group-snapshot';
import {
  decideNotification,
  resolvedToReport,
  type NotificationLogEntry,
} from '../dispatch/notification-decision';
import { IncidentBook, type StepReason } from '../incidents/incident-book';
import type { IncidentRecord } from '../incidents/incident-record';
import type { DeliveryOutcome } from '../notify/delivery-outcome';
import type { Notification } from '../notify/notification';
import type { ReceiverSender } from '../notify/receiver-sender';
import type { Logger } from '@warden/telemetry';
import type { AlertMetrics } from './alert-metrics';
import type { AlertState } from './alert-state';
import { NotificationLogKeys } from './notification-log-keys';

export interface SenderDependencies {
  state: AlertState;
  config: AlertingConfig;
  alerts: KvRecords<AlertRecord>;
  incidents: KvRecords<IncidentRecord>;
  log: KvRecords<NotificationLogEntry>;
  receivers: ReceiverSender;
  metrics: AlertMetrics;
  logger: Logger;
  /** Whether this replica still holds the sender lease (checked before every write and send). */
  holdsLease: () => boolean;
}

const GC_INTERVAL_MS = 60_000;

/**
 * The one replica that sends. Built when this replica wins the sender lease (its revision is the fencing
 * token), from the stored alerts and incidents; stopped when the lease is lost. Every notification is
 * first written to the notification log by compare-and-set with the token (state `sending`), then sent,
 * then marked `sent`: a deposed sender's write fails on the revision or on the higher token it finds, and a
 * successor resends only what was started and never confirmed, so a failover neither drops nor repeats
 * a notification (a crash between the receiver's answer and the `sent` write repeats it once, with the
 * same notification id for the receiver to drop).
 */
export class SenderRole {
  readonly dispatcher: Dispatcher;
  readonly incidents: IncidentBook;
  private readonly snapshots = new Map<string, GroupSnapshot>();
  /**
   * The group entries of the notification log as this sender last read or wrote them. It is their only
   * writer while it holds the lease, so a flush needs no read; a write that fails on the revision (a
   * deposed sender wrote meanwhile) drops the entry and the next flush reads it again.
   */
  private readonly logCache = new Map<string, Stored<NotificationLogEntry> | undefined>();
  /**
   * Log keys that existed when this sender started (or that it found written by someone else since):
   * only those need a read before the first write; any other key is new, and a create that fails because
   * a deposed sender wrote it after all adds it here and retries at the next flush.
   */
  private readonly preexistingLogKeys = new Set<string>();
  private readonly unlisten: (() => void)[] = [];
  private gcTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly deps: SenderDependencies,
    readonly fencingToken: number,
  ) {
    const { state, config, logger } = deps;
    this.dispatcher = new Dispatcher(
      config.route,
      (now) => {
        const mute = state.muteStates(now);
        return (alert) => {
          const m = mute(alert);
          return m.silencedBy.length > 0 || m.inhibitedBy.length > 0;
        };
      },
      (snapshot) => this.flush(snapshot),
      (error, groupKey) =>
        logger.warn({ err: error, groupKey }, 'alert group flush failed; retried at the next interval'),
    );
    this.incidents = new IncidentBook(config.escalationPolicies, {
      persist: (record) => this.persistIncident(record),
      notifyStep: (record, receivers, reason) => this.notifyIncidentStep(record, receivers, reason),
      notifyResolved: (record, receivers) => this.notifyIncidentResolved(record, receivers),
    });
  }

  async start(): Promise<void> {
    const { state, log } = this.deps;
    for await (const key of await log.kv.keys()) this.preexistingLogKeys.add(key);
    if (this.stopped) return;
    this.incidents.load([...state.incidents.values()]);
    for (const alert of state.alerts.values()) this.dispatcher.upsert(alert);
    this.unlisten.push(
      state.alerts.listen((fingerprint, alert) => {
        if (alert) this.dispatcher.upsert(alert);
        else this.dispatcher.remove(fingerprint);
      }),
      state.incidents.listen((id, stored) => void this.followAcknowledgement(id, stored)),
    );
    this.gcTimer = setInterval(() => void this.collectGarbage(), GC_INTERVAL_MS);
    this.gcTimer.unref();
  }

  stop(): void {
    this.stopped = true;
    for (const stop of this.unlisten.splice(0)) stop();
    if (this.gcTimer) clearInterval(this.gcTimer);
    this.dispatcher.stop();
    this.incidents.stop();
  }

  private canAct(): boolean {
    return !this.stopped && this.deps.holdsLease();
  }

  private async flush(snapshot: GroupSnapshot): Promise<boolean> {
    if (!this.canAct()) return false;
    this.snapshots.set(snapshot.key, snapshot);
    const policy = snapshot.route.escalationPolicy;
    if (policy !== undefined)
      await this.incidents.observe(snapshot.key, policy, snapshot.firing.length > 0, snapshot.at);
    const settled = await this.notifyGroup(snapshot);
    if (snapshot.firing.length === 0 && settled) this.snapshots.delete(snapshot.key);
    return settled;
  }

  private async notifyGroup(snapshot: GroupSnapshot): Promise<boolean> {
    const { config, log, logger } = this.deps;
    const receiver = config.receivers.get(snapshot.route.receiver) as ReceiverConfig;
    const key = NotificationLogKeys.group(receiver.name, snapshot.key);
    const stored = this.logCache.has(key)
      ? this.logCache.get(key)
      : this.preexistingLogKeys.has(key)
        ? await log.get(key)
        : undefined;
    this.logCache.set(key, stored);
    if (stored && stored.value.fencingToken > this.fencingToken) {
      logger.warn(
        { groupKey: snapshot.key, token: this.fencingToken, newer: stored.value.fencingToken },
        'deposed sender: not notifying',
      );
      return false;
    }
    const firing = snapshot.firing.map((alert) => alert.fingerprint).sort();
    const resolved = snapshot.resolved.map((alert) => alert.fingerprint).sort();
    const decision = decideNotification(stored?.value, {
      firing,
      resolved,
      repeatIntervalMs: snapshot.route.repeatIntervalMs,
      sendResolved: snapshot.route.sendResolved,
      now: snapshot.at,
    });
    if (!decision.notify) return true;
    const reported = resolvedToReport(stored?.value, resolved, snapshot.route.sendResolved);
    const reportedSet = new Set(reported);
    const resolvedToSend = snapshot.resolved.filter((alert) => reportedSet.has(alert.fingerprint));
    const sentAt = decision.reason === 'resume' && stored ? stored.value.sentAt : snapshot.at;
    const entry: NotificationLogEntry = {
      groupKey: snapshot.key,
      receiver: receiver.name,
      firing,
      resolved: reported,
      sentAt,
      fencingToken: this.fencingToken,
      // Nothing goes to the receiver for a log-only update, so there is no send for a successor to resume.
      state: decision.logOnly ? 'sent' : 'sending',
    };
    if (!this.canAct()) return false;
    const revision = await log.writeAt(key, entry, stored?.revision);
    if (revision === undefined) {
      this.logCache.delete(key);
      this.preexistingLogKeys.add(key);
      return false;
    }
    this.logCache.set(key, { value: entry, revision });
    if (decision.logOnly) return true;
    const outcome = await this.deliver({
      receiver,
      groupKey: snapshot.key,
      status: firing.length > 0 ? 'firing' : 'resolved',
      groupLabels: snapshot.groupLabels,
      alerts: [...snapshot.firing, ...resolvedToSend],
      reason: decision.reason as string,
      ...(this.incidents.forGroup(snapshot.key)
        ? { incidentId: this.incidents.forGroup(snapshot.key)?.id }
        : {}),
      fencingToken: this.fencingToken,
      notificationId: `${key}@${sentAt}`,
      externalUrl: config.externalUrl,
      at: snapshot.at,
    });
    if (!outcome.ok) return false;
    const sent: NotificationLogEntry = { ...entry, state: 'sent' };
    const sentRevision = await log.writeAt(key, sent, revision);
    if (sentRevision === undefined) this.logCache.delete(key);
    else this.logCache.set(key, { value: sent, revision: sentRevision });
    return true;
  }

  private async notifyIncidentStep(
    record: IncidentRecord,
    receivers: readonly string[],
    reason: StepReason,
  ): Promise<void> {
    this.deps.metrics.incidentStep(reason);
    const snapshot = this.snapshots.get(record.groupKey);
    for (const name of receivers) {
      const key = NotificationLogKeys.incidentStep(record.id, record.triggeredAt, record.step, name);
      await this.notifyOnce(key, record, name, 'firing', reason, snapshot?.firing ?? []);
    }
  }

  private async notifyIncidentResolved(record: IncidentRecord, receivers: readonly string[]): Promise<void> {
    const snapshot = this.snapshots.get(record.groupKey);
    for (const name of receivers) {
      const key = NotificationLogKeys.incidentResolved(record.id, name);
      await this.notifyOnce(key, record, name, 'resolved', 'incident-resolved', snapshot?.resolved ?? []);
    }
  }

  /** Incident notifications are one-shot: the log key names the step, and only the first writer sends. */
  private async notifyOnce(
    key: string,
    record: IncidentRecord,
    receiverName: string,
    status: 'firing' | 'resolved',
    reason: string,
    alerts: readonly AlertRecord[],
  ): Promise<void> {
    const { config, log } = this.deps;
    if (!this.canAct()) return;
    const now = Date.now();
    const entry: NotificationLogEntry = {
      groupKey: record.groupKey,
      receiver: receiverName,
      firing: status === 'firing' ? alerts.map((alert) => alert.fingerprint) : [],
      resolved: status === 'resolved' ? alerts.map((alert) => alert.fingerprint) : [],
      sentAt: now,
      fencingToken: this.fencingToken,
      state: 'sending',
    };
    const revision = await log.writeAt(key, entry, undefined);
    if (revision === undefined) return;
    const outcome = await this.deliver({
      receiver: config.receivers.get(receiverName) as ReceiverConfig,
      groupKey: record.groupKey,
      status,
      groupLabels: this.snapshots.get(record.groupKey)?.groupLabels ?? {},
      alerts,
      reason,
      incidentId: record.id,
      fencingToken: this.fencingToken,
      notificationId: `${key}@${now}`,
      externalUrl: config.externalUrl,
      at: now,
    });
    if (outcome.ok) await log.writeAt(key, { ...entry, state: 'sent' }, revision);
  }

  private async deliver(notification: Notification): Promise<DeliveryOutcome> {
    const started = performance.now();
    const outcome = await this.deps.receivers.send(notification);
    const name = notification.receiver.name;
    this.deps.metrics.delivered(name, outcome.ok, (performance.now() - started) / 1000);
    if (!outcome.ok)
      this.deps.logger.warn(
        { receiver: name, groupKey: notification.groupKey, attempts: outcome.attempts, error: outcome.error },
        'notification failed',
      );
    void this.recordDelivery(notification, outcome).catch((error: unknown) =>
      this.deps.logger.warn({ err: error }, 'could not record a delivery in the alert history'),
    );
    return outcome;
  }

  /** Each alert keeps what was sent about it, to whom and whether it arrived: the alert's own history. */
  private async recordDelivery(notification: Notification, outcome: DeliveryOutcome): Promise<void> {
    for (const alert of notification.alerts) {
      await this.deps.alerts.mutate(alert.fingerprint, (current) => {
        if (!current) return undefined;
        const delivery = {
          receiver: notification.receiver.name,
          status: isResolved(alert, notification.at) ? ('resolved' as const) : ('firing' as const),
          outcome: outcome.ok ? ('sent' as const) : ('failed' as const),
          at: notification.at,
          attempts: outcome.attempts,
          ...(outcome.error ? { error: outcome.error.slice(0, 512) } : {}),
        };
        return { ...current, deliveries: [...current.deliveries, delivery].slice(-MAX_DELIVERY_HISTORY) };
      });
    }
  }

  /** An acknowledgement stored by any replica reaches the incident book here. */
  private async followAcknowledgement(id: string, stored: IncidentRecord | undefined): Promise<void> {
    const open = this.incidents.get(id);
    if (!stored || !open || stored.state !== 'acknowledged' || stored.acknowledgedAt === undefined) return;
    if (open.state === 'acknowledged' && open.acknowledgedAt === stored.acknowledgedAt) return;
    await this.incidents.acknowledge(id, stored.acknowledgedBy ?? 'unknown', stored.acknowledgedAt);
  }

  /** Keeps an acknowledgement written meanwhile by another replica instead of overwriting it. */
  private async persistIncident(record: IncidentRecord): Promise<void> {
    if (!this.canAct()) return;
    await this.deps.incidents.mutate(record.id, (current) => {
      const ackedElsewhere =
        current?.state === 'acknowledged' &&
        current.acknowledgedAt !== undefined &&
        record.state === 'triggered' &&
        current.acknowledgedAt >= record.triggeredAt;
      if (ackedElsewhere && current)
        return {
          ...record,
          state: 'acknowledged',
          acknowledgedBy: current.acknowledgedBy,
          acknowledgedAt: current.acknowledgedAt,
        };
      return { ...record, notified: [...record.notified] };
    });
  }

  private async collectGarbage(): Promise<void> {
    const { state, alerts, config, metrics } = this.deps;
    const now = Date.now();
    let firing = 0;
    for (const alert of [...state.alerts.values()]) {
      if (!isResolved(alert, now)) {
        firing++;
        continue;
      }
      if ((alert.endsAt as number) + config.resolvedRetentionMs < now && this.canAct())
        await alerts.delete(alert.fingerprint).catch(() => undefined);
    }
    metrics.firingAlerts(firing);
  }
}
