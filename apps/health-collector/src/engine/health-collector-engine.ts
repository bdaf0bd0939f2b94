import { Buckets, HEARTBEAT_PARTITIONS, partitionOf, type Heartbeat } from '@warden/contracts';
import {
  AgentRegistryReader,
  watchAgentRegistry,
  type AgentRegistryWatch,
  HeartbeatIngest,
  type DeadLetterSubmission,
  PartitionOwnership,
  type CorruptRegistryRecordError,
  type Messaging,
} from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import { FleetView } from '../queries/fleet-view';
import { FleetRegistry } from '../registry/fleet-registry';
import type { HealthThresholds } from '../registry/health-thresholds';
import type { SnapshotPolicy } from '../registry/snapshot-policy';
import type { StateTransition } from '../registry/state-transition';
import { toAgentRecord } from '../store/agent-record';
import { RegistryStore } from '../store/registry-store';
import { HealthCollectorMetrics } from './health-collector-metrics';
import { TransitionPublisher } from './transition-publisher';

export const HEALTH_COLLECTOR_SERVICE = 'health-collector';

export interface HealthCollectorSettings {
  instanceId: string;
  thresholds: HealthThresholds;
  sweepIntervalMs: number;
  snapshotIntervalMs: number;
  snapshotPolicy: SnapshotPolicy;
  stoppedRetentionMs: number;
  partitions?: number;
}

/** Dead letters waiting for their JetStream ack; past this a flood of bad heartbeats is counted, not queued. */

/**
 * The health collector without its framework: owns a share of the heartbeat partitions, keeps the
 * registry of their agents, publishes every change of verdict, writes coalesced snapshots, and keeps a
 * view of the whole fleet for queries. Every timer uses the collector's clock, never the agents'.
 */
export class HealthCollectorEngine implements ServiceEngine {
  readonly view = new FleetView();
  private readonly registry: FleetRegistry;
  private readonly metrics: HealthCollectorMetrics;
  private readonly lastTraceparent = new Map<string, string>();
  private store!: RegistryStore;
  private feed!: AgentRegistryWatch;
  private reader!: AgentRegistryReader;
  private ingest!: HeartbeatIngest;
  private ownership!: PartitionOwnership;
  private transitions!: TransitionPublisher;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: HealthCollectorSettings,
    private readonly logger: Logger,
    private readonly metricsRegistry: MetricsRegistry,
  ) {
    this.registry = new FleetRegistry(settings.thresholds);
    this.metrics = new HealthCollectorMetrics(metricsRegistry);
  }

  async start(): Promise<void> {
    const agentsBucket = await this.messaging.bucket(Buckets.agents);
    const agents = agentsBucket.kv;
    const leases = (await this.messaging.bucket(Buckets.leases)).kv;
    const onCorrupt = (error: CorruptRegistryRecordError) =>
      this.logger.warn({ key: error.key, err: error }, 'corrupt registry record skipped');
    this.store = new RegistryStore(agents);
    this.reader = new AgentRegistryReader(agents, onCorrupt);
    this.transitions = new TransitionPublisher(this.messaging.publisher, this.store, this.logger);
    this.feed = watchAgentRegistry(agentsBucket, this.view, onCorrupt);
    await this.feed.start();
    this.ingest = HeartbeatIngest.forService(this.messaging, this.metricsRegistry, this.logger, {
      onHeartbeat: (heartbeat, receivedAt, traceparent) =>
        this.onHeartbeat(heartbeat, receivedAt, traceparent),
      onInvalid: (_error, submission) => this.onInvalid(submission),
    });
    this.ownership = new PartitionOwnership({
      kv: leases,
      group: HEALTH_COLLECTOR_SERVICE,
      memberId: this.settings.instanceId,
      partitions: this.settings.partitions ?? HEARTBEAT_PARTITIONS,
      leaseTtlMs: Buckets.leases.ttlMs,
      onAcquired: (partition) => this.acquire(partition),
      onReleased: (partition, reason) => this.release(partition, reason),
      onError: (error, during) =>
        this.logger.warn({ err: error, during }, 'partition ownership round failed'),
    });
    await this.ownership.start();
    this.timers = [
      setInterval(() => this.sweep(), this.settings.sweepIntervalMs),
      setInterval(() => void this.snapshot(), this.settings.snapshotIntervalMs),
    ];
  }

  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      partitions: () => ({
        ready: this.isReady(),
        detail: `owns ${this.ownedPartitions().length} partitions; fleet view of ${this.view.size} agents`,
      }),
    };
  }

  /** Ready once the fleet view has replayed the bucket and this replica holds its share of partitions. */
  isReady(): boolean {
    return !!this.feed?.caughtUp && !!this.ownership?.isSettled();
  }

  ownedPartitions(): number[] {
    return this.ownership?.owned() ?? [];
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.ownership?.stop();
    await this.ingest?.stop();
    await this.transitions?.flush();
    await this.feed?.stop();
  }

  private onHeartbeat(heartbeat: Heartbeat, receivedAt: number, traceparent: string | undefined): void {
    const { admission, transition } = this.registry.observe(heartbeat, receivedAt);
    this.metrics.heartbeat(admission);
    if (traceparent) this.lastTraceparent.set(heartbeat.agentId, traceparent);
    if (transition) this.emit(transition);
  }

  private onInvalid(submission: DeadLetterSubmission): void {
    this.metrics.heartbeat('invalid');
    if (submission === 'overflow') this.metrics.deadLetterOverflow();
  }

  private sweep(): void {
    const now = Date.now();
    for (const transition of this.registry.sweep(now)) this.emit(transition);
    const expired = this.registry.forget(
      (entry) => entry.state === 'stopped' && now - entry.stateSince > this.settings.stoppedRetentionMs,
    );
    if (expired.length)
      void this.store.remove(expired.map((entry) => entry.agentId)).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'forgetting stopped agents failed');
      });
    this.metrics.observeStates(this.registry.entries(), this.ownership.owned().length);
  }

  private emit(transition: StateTransition): void {
    const entry = this.registry.get(transition.agentId);
    if (!entry) return;
    this.metrics.transition(transition.state);
    this.registry.markWritten(entry, Date.now());
    void this.transitions.publish(
      transition,
      toAgentRecord(entry),
      this.lastTraceparent.get(transition.agentId),
    );
  }

  private async snapshot(): Promise<void> {
    const due = this.registry.takeSnapshotDue(Date.now(), this.settings.snapshotPolicy);
    if (!due.length) return;
    try {
      await this.store.write(due.map(toAgentRecord));
    } catch (error) {
      for (const entry of due) entry.written = undefined;
      this.logger.warn({ err: error, agents: due.length }, 'registry snapshot failed; retrying next round');
    }
  }

  private async acquire(partition: number): Promise<void> {
    const now = Date.now();
    const stored = await this.reader.loadPartition(partition);
    for (const record of stored) this.registry.adopt(record, now);
    this.ingest.subscribe(partition);
    this.logger.info({ partition, agents: stored.length }, 'partition acquired');
  }

  private async release(partition: number, reason: string): Promise<void> {
    await this.ingest.unsubscribe(partition);
    const leaving = this.registry.forget((entry) => partitionOf(entry.agentId) === partition);
    for (const entry of leaving) this.lastTraceparent.delete(entry.agentId);
    // Lost means another replica may already own it (its writes win), and a failed takeover adopted nothing:
    // only a clean handover flushes.
    if (reason === 'rebalance' || reason === 'shutdown') {
      await this.store.write(leaving.map(toAgentRecord)).catch((error: unknown) => {
        this.logger.warn({ err: error, partition }, 'final write of a released partition failed');
      });
    }
    this.logger.info({ partition, reason, agents: leaving.length }, 'partition released');
  }
}
