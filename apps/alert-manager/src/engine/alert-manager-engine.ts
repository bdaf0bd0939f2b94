import { Buckets, LEASE_TTL_MS } from '@warden/contracts';
import { PartitionOwnership, type BucketMirror, type KvBucket, type Messaging } from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import type { AlertingConfig } from '../config/alerting-config';
import type { AlertRecord } from '../domain/alert';
import type { NotificationLogEntry } from '../dispatch/notification-decision';
import type { IncidentRecord } from '../incidents/incident-record';
import { AlertTranslator } from '../intake/alert-translator';
import { ReceiverSender } from '../notify/receiver-sender';
import {
  decodeAlert,
  decodeIncident,
  decodeLogEntry,
  decodeSilence,
  type StoredSilence,
} from '../store/record-codecs';
import { AlertIntake } from './alert-intake';
import { AlertMetrics } from './alert-metrics';
import { AlertState } from './alert-state';
import { OperatorCommands } from './operator-commands';
import { SenderRole } from './sender-role';

export const ALERT_MANAGER_SERVICE = 'alert-manager';

/** The lease group of the single sender: one partition, whose lease revision is the fencing token. */
export const SENDER_LEASE_GROUP = 'alert-manager-sender';
const SENDER_PARTITION = 0;

export interface AlertManagerSettings {
  instanceId: string;
  config: AlertingConfig;
}

/**
 * The alert manager without its framework. Every replica ingests its share of events into the alert
 * bucket, mirrors alerts, silences and incidents, and answers operators; the replica holding the sender
 * lease also groups, inhibits, silences, escalates and notifies.
 */
export class AlertManagerEngine implements ServiceEngine {
  readonly state: AlertState;
  private readonly metrics: AlertMetrics;
  private mirrors: BucketMirror<unknown>[] = [];
  private intakePart?: AlertIntake;
  private commandsPart?: OperatorCommands;
  private ownership?: PartitionOwnership;
  private sender?: SenderRole;
  private senderStarting?: Promise<void>;
  private readonly startedAt = Date.now();

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: AlertManagerSettings,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.state = new AlertState(settings.config);
    this.metrics = new AlertMetrics(metrics);
  }

  get intake(): AlertIntake {
    return this.started(this.intakePart);
  }

  get commands(): OperatorCommands {
    return this.started(this.commandsPart);
  }

  get config(): AlertingConfig {
    return this.settings.config;
  }

  get uptimeStartedAt(): number {
    return this.startedAt;
  }

  /** The fencing token while this replica is the sender. */
  get senderToken(): number | undefined {
    return this.sender?.fencingToken;
  }

  get senderRole(): SenderRole | undefined {
    return this.sender;
  }

  peers(): readonly string[] {
    return this.ownership?.members() ?? [];
  }

  async start(): Promise<void> {
    const { publisher } = this.messaging;
    const [alertsBucket, silencesBucket, incidentsBucket, logBucket, leasesBucket] = await Promise.all([
      this.messaging.bucket(Buckets.alerts),
      this.messaging.bucket(Buckets.silences),
      this.messaging.bucket(Buckets.incidents),
      this.messaging.bucket(Buckets.notifications),
      this.messaging.bucket(Buckets.leases),
    ]);
    const alerts = alertsBucket.records<AlertRecord>(decodeAlert);
    const silences = silencesBucket.records<StoredSilence>();
    const incidents = incidentsBucket.records<IncidentRecord>(decodeIncident);
    const log = logBucket.records<NotificationLogEntry>(decodeLogEntry);

    await this.startMirrors(alertsBucket, silencesBucket, incidentsBucket);
    this.intakePart = new AlertIntake(
      alerts,
      new AlertTranslator(this.config.resolveTimeoutMs),
      publisher,
      this.metrics,
      (fingerprint) => this.state.alerts.get(fingerprint) !== undefined,
    );
    this.commandsPart = new OperatorCommands(this.state, silences, incidents);

    const receivers = new ReceiverSender(publisher, this.logger);
    this.ownership = new PartitionOwnership({
      kv: leasesBucket.kv,
      group: SENDER_LEASE_GROUP,
      memberId: this.settings.instanceId,
      partitions: 1,
      leaseTtlMs: LEASE_TTL_MS,
      onAcquired: (_partition, token) => {
        this.becomeSender(token, { alerts, incidents, log, receivers });
      },
      onReleased: (_partition, reason) => {
        this.logger.info({ reason }, 'no longer the alert sender');
        this.stopSending();
      },
      onError: (error, during) => this.logger.warn({ err: error, during }, 'sender lease round failed'),
    });
    await this.ownership.start();
  }

  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      alerting: () => ({
        ready: this.isReady(),
        detail: `${this.state.alerts.size} alerts, ${this.state.silences.all().length} silences; ${
          this.sender ? `sender (token ${this.sender.fencingToken})` : 'standby'
        }`,
      }),
    };
  }

  isReady(): boolean {
    return (
      this.mirrors.length > 0 &&
      this.mirrors.every((mirror) => mirror.caughtUp) &&
      this.ownership !== undefined
    );
  }

  async stop(): Promise<void> {
    await this.ownership?.stop();
    this.stopSending();
    await Promise.all(this.mirrors.map((mirror) => mirror.stop()));
  }

  private async startMirrors(alerts: KvBucket, silences: KvBucket, incidents: KvBucket): Promise<void> {
    const corrupt = (key: string, error: Error) =>
      this.logger.warn({ key, err: error }, 'corrupt alert-manager record skipped');
    this.mirrors = [
      alerts.mirror(decodeAlert, this.state.alerts, corrupt),
      silences.mirror(decodeSilence, this.state.silenceRecords, corrupt),
      incidents.mirror(decodeIncident, this.state.incidents, corrupt),
    ] as BucketMirror<unknown>[];
    await Promise.all(this.mirrors.map((mirror) => mirror.start()));
  }

  private becomeSender(
    token: number,
    parts: Pick<ConstructorParameters<typeof SenderRole>[0], 'alerts' | 'incidents' | 'log' | 'receivers'>,
  ): void {
    this.stopSending();
    const role = new SenderRole(
      {
        ...parts,
        state: this.state,
        config: this.config,
        metrics: this.metrics,
        logger: this.logger,
        holdsLease: () => this.ownership?.holds(SENDER_PARTITION) ?? false,
      },
      token,
    );
    this.sender = role;
    this.metrics.isSender(true);
    this.logger.info({ fencingToken: token }, 'this replica is now the alert sender');
    this.startSender(role);
  }

  /** Takes over from the stored state only: waits for the mirrors to have replayed it, then loads the log keys. */
  private startSender(role: SenderRole): void {
    this.senderStarting = Promise.all(this.mirrors.map((mirror) => mirror.whenCaughtUp()))
      .then(() => {
        if (this.sender === role) return role.start();
      })
      .catch((error: unknown) => {
        // The role sends nothing until it has started; it tries again while this replica holds the lease.
        this.logger.error({ err: error }, 'the alert sender could not load its state; trying again in 1 s');
        setTimeout(() => {
          if (this.sender === role) this.startSender(role);
        }, 1_000).unref();
      });
  }

  private stopSending(): void {
    if (!this.sender) return;
    this.sender.stop();
    this.sender = undefined;
    this.metrics.isSender(false);
  }

  /** Resolves once a sender acquired by this replica has loaded its state (tests). */
  async senderReady(): Promise<void> {
    await this.senderStarting;
  }

  private started<T>(part: T | undefined): T {
    if (part === undefined) throw new Error('the alert manager engine has not started');
    return part;
  }
}
