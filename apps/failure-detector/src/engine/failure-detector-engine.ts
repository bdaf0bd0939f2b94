import { performance } from 'node:perf_hooks';
import {
  Buckets,
  HEARTBEAT_PARTITIONS,
  partitionOf,
  type AgentHealthRecord,
  type FailureDetected,
  type Heartbeat,
} from '@warden/contracts';
import {
  AgentRegistryReader,
  HeartbeatIngest,
  type DecodeError,
  type DeadLetterSubmission,
  type Messaging,
  PartitionOwnership,
} from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import {
  heartbeatTimeoutEvent,
  processCrashEvent,
  protocolViolationEvent,
  signalFailureEvent,
  stallNote,
  suspicionEvent,
} from '../detection/failure-events';
import { FleetMonitor } from '../detection/fleet-monitor';
import { heartbeatSender } from '../detection/heartbeat-sender';
import type { ProcessCrash } from '../detection/process-crash';
import type { ProtocolViolation } from '../detection/protocol-violation';
import type { SilenceVerdict } from '../detection/silence-verdict';
import { EventLoopLag } from '../self-health/event-loop-lag';
import { StallLog, type Stall } from '../self-health/stall-log';
import { TickLateness } from '../self-health/tick-lateness';
import type { DetectionSettings } from '../settings/detection-settings';
import type { SignalFinding } from '../signals/signal-diagnosis';
import { FailureDetectorMetrics } from './failure-detector-metrics';
import { FailurePublisher, type DecisionAttributes } from './failure-publisher';
import type { PatternLookup } from './pattern-lookup';

export const FAILURE_DETECTOR_SERVICE = 'failure-detector';

export interface FailureDetectorSettings {
  instanceId: string;
  detection: DetectionSettings;
  /** How often φ is evaluated for every agent. */
  tickIntervalMs: number;
  /** A convicted or stopped agent silent this long is forgotten; older registry records are not taken over. */
  forgetAfterMs: number;
  partitions?: number;
}

/** Dead letters waiting for their JetStream ack; past this a flood of bad heartbeats is counted, not queued. */
const HOUSEKEEPING_INTERVAL_MS = 1_000;

/**
 * The failure detector without its framework: owns a share of the heartbeat partitions (group
 * `failure-detector`), follows their agents' heartbeats, evaluates φ on every tick and the signal rules
 * on every heartbeat, and publishes each conviction once. It watches itself too: a tick that comes late
 * or a lost connection is a stall whose length is excused from every silence it overlaps.
 */
export class FailureDetectorEngine implements ServiceEngine {
  readonly fleet: FleetMonitor;
  private readonly metrics: FailureDetectorMetrics;
  private readonly stalls: StallLog;
  private readonly ticks: TickLateness;
  private readonly lag = new EventLoopLag();
  private readonly lastTraceparent = new Map<string, string>();
  private readonly failures: FailurePublisher;
  private readonly inFlight = new Set<Promise<void>>();
  private ingest!: HeartbeatIngest;
  private ownership!: PartitionOwnership;
  private registry!: AgentRegistryReader;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: FailureDetectorSettings,
    private readonly logger: Logger,
    private readonly metricsRegistry: MetricsRegistry,
    private readonly patterns?: PatternLookup,
  ) {
    this.fleet = new FleetMonitor(settings.detection);
    this.metrics = new FailureDetectorMetrics(metricsRegistry);
    // Stalls matter for as long as a silence they overlap can still be evaluated.
    this.stalls = new StallLog(settings.forgetAfterMs);
    this.ticks = new TickLateness(settings.tickIntervalMs, settings.detection.selfHealth.stallToleranceMs);
    this.failures = new FailurePublisher(messaging.publisher, this.metrics, logger);
  }

  async start(): Promise<void> {
    this.registry = new AgentRegistryReader((await this.messaging.bucket(Buckets.agents)).kv, (error) =>
      this.logger.warn({ err: error, key: error.key }, 'corrupt registry record skipped'),
    );
    this.ingest = HeartbeatIngest.forService(this.messaging, this.metricsRegistry, this.logger, {
      onHeartbeat: (heartbeat, receivedAt, traceparent) =>
        this.onHeartbeat(heartbeat, receivedAt, traceparent),
      onInvalid: (error, submission) => this.onInvalid(error, submission),
    });
    this.ownership = new PartitionOwnership({
      kv: (await this.messaging.bucket(Buckets.leases)).kv,
      group: FAILURE_DETECTOR_SERVICE,
      memberId: this.settings.instanceId,
      partitions: this.settings.partitions ?? HEARTBEAT_PARTITIONS,
      leaseTtlMs: Buckets.leases.ttlMs,
      onAcquired: (partition) => this.acquire(partition),
      onReleased: (partition, reason) => this.release(partition, reason),
      onError: (error, during) =>
        this.logger.warn({ err: error, during }, 'partition ownership round failed'),
    });
    this.lag.start();
    void this.followConnection();
    await this.ownership.start();
    this.timers = [
      setInterval(() => this.tick(), this.settings.tickIntervalMs),
      setInterval(() => this.housekeeping(), HOUSEKEEPING_INTERVAL_MS),
    ];
  }

  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      partitions: () => ({
        ready: this.isReady(),
        detail: `owns ${this.ownedPartitions().length} partitions; monitors ${this.fleet.size} agents`,
      }),
    };
  }

  isReady(): boolean {
    return !!this.ownership?.isSettled();
  }

  ownedPartitions(): number[] {
    return this.ownership?.owned() ?? [];
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.ownership?.stop();
    await this.ingest?.stop();
    await Promise.all(this.inFlight);
    this.lag.stop();
  }

  private onHeartbeat(heartbeat: Heartbeat, receivedAt: number, traceparent: string | undefined): void {
    const outcome = this.fleet.observe(heartbeat, receivedAt, this.stalls);
    this.metrics.heartbeat(outcome.admission);
    if (outcome.admission === 'stale' || outcome.admission === 'duplicate') return;
    // The crashed incarnation's last heartbeat span is what its conviction links to: before it is replaced.
    if (outcome.crash) this.publishProcessCrash(outcome.crash);
    if (traceparent) this.lastTraceparent.set(heartbeat.agentId, traceparent);
    if (outcome.falsePositive) {
      const { agent, silenceMs } = outcome.falsePositive;
      this.metrics.falsePositive('heartbeat-timeout');
      this.logger.warn(
        { agentId: agent.agentId, incarnation: agent.incarnation, silenceMs },
        'false positive: a convicted agent is beating again with the same incarnation',
      );
    }
    for (const finding of outcome.findings) this.publishSignalFailure(heartbeat, finding, receivedAt);
  }

  private tick(): void {
    const now = Date.now();
    const stall = this.ticks.tick(now);
    if (stall) this.stalled(stall);
    const started = performance.now();
    const verdicts = this.fleet.evaluate(now, this.stalls);
    this.metrics.evaluated((performance.now() - started) / 1_000);
    // Convictions first: each publish costs about a millisecond, and a hint must not delay a verdict.
    for (const verdict of verdicts) if (verdict.kind === 'conviction') this.publishConviction(verdict);
    for (const verdict of verdicts)
      if (verdict.kind === 'suspicion')
        this.failures.suspicion(suspicionEvent(verdict, this.settings.instanceId));
  }

  private publishConviction(verdict: SilenceVerdict): void {
    const { agent } = verdict;
    const event = heartbeatTimeoutEvent(
      verdict,
      this.settings.detection.heartbeatTimeout.severity,
      this.settings.instanceId,
      this.patterns?.patternFor(agent.agentId, verdict.detectedAt),
    );
    const note = stallNote(verdict);
    this.logger.info(
      {
        agentId: agent.agentId,
        incarnation: agent.incarnation,
        failureId: event.failureId,
        phi: event.evidence.phi,
        silenceMs: event.evidence.silenceMs,
        ...(note ? { excusedMs: verdict.excusedMs } : {}),
      },
      note ? `agent convicted after a detector stall: ${note}` : 'agent convicted: heartbeat timeout',
    );
    this.track(
      this.failures.failure(
        event,
        'failure.conviction',
        {
          'warden.phi': verdict.phi,
          'warden.phi.threshold': verdict.phiThreshold,
          'warden.silence_ms': verdict.silenceMs,
          'warden.excused_ms': verdict.excusedMs,
          'warden.interval.mean_ms': verdict.intervalMeanMs,
          'warden.interval.std_dev_ms': verdict.intervalStdDevMs,
          'warden.last_sequence': verdict.lastSequence,
        },
        this.lastTraceparent.get(agent.agentId),
        verdict.detectedAt,
      ),
    );
  }

  private publishSignalFailure(heartbeat: Heartbeat, finding: SignalFinding, receivedAt: number): void {
    const agent = this.fleet.get(heartbeat.agentId);
    if (!agent) return;
    const event = signalFailureEvent(
      agent.identity,
      finding,
      receivedAt,
      heartbeat.sequence,
      receivedAt,
      this.settings.instanceId,
      this.patterns?.patternFor(heartbeat.agentId, receivedAt),
    );
    this.logger.info(
      { agentId: heartbeat.agentId, failureId: event.failureId, failureType: finding.failureType },
      `agent diagnosed: ${finding.condition.note}`,
    );
    this.track(
      this.failures.failure(
        event,
        'failure.diagnosis',
        {
          'warden.rule': finding.rule,
          'warden.metric': finding.condition.metric,
          'warden.metric.value': finding.condition.value,
          'warden.metric.threshold': finding.condition.threshold,
          'warden.held_ms': finding.heldMs,
        },
        this.lastTraceparent.get(heartbeat.agentId),
        receivedAt,
      ),
    );
  }

  private stalled(stall: Stall): void {
    this.stalls.record(stall);
    this.metrics.stall(stall);
    this.logger.warn(
      { stallMs: stall.to - stall.from, cause: stall.cause },
      'detector stalled: heartbeats could not be read; widening every silence tolerance by the stall',
    );
  }

  private async followConnection(): Promise<void> {
    for await (const status of this.messaging.client.connection.status()) {
      if (status.type === 'disconnect') {
        this.stalls.beginBlind(Date.now());
        this.logger.warn('detector disconnected: no agent is convicted for silence until it is back');
      } else if (status.type === 'reconnect') {
        const stall = this.stalls.endBlind(Date.now());
        if (stall) this.stalled(stall);
      } else if (status.type === 'slowConsumer') {
        this.logger.warn({ pending: status.pending }, 'heartbeat ingest falling behind (slow consumer)');
      }
    }
  }

  private housekeeping(): void {
    const now = Date.now();
    const lag = this.lag.read();
    this.metrics.eventLoopLag(lag);
    this.stalls.prune(now);
    for (const agent of this.fleet.forgetIdle(now, this.settings.forgetAfterMs))
      this.lastTraceparent.delete(agent.agentId);
    this.metrics.observeFleet(this.fleet.values(), this.ownedPartitions().length);
    this.metrics.flushHeartbeats();
  }

  private onInvalid(error: DecodeError, submission: DeadLetterSubmission): void {
    this.metrics.heartbeat('invalid');
    if (submission === 'overflow') this.metrics.deadLetterOverflow();
    const agentId = heartbeatSender(error.subject);
    if (!agentId) return;
    const violation = this.fleet.observeInvalid(agentId, Date.now(), `${error.reason}: ${error.detail}`);
    if (violation) this.publishProtocolViolation(violation);
  }

  private publishProcessCrash(crash: ProcessCrash): void {
    const event = processCrashEvent(
      crash,
      this.settings.detection.processCrash.severity,
      this.settings.instanceId,
      this.patterns?.patternFor(crash.agent.agentId, crash.detectedAt),
    );
    this.publishNotedFailure(event, 'failure.conviction', crash.detectedAt, {
      'warden.rule': 'processCrash',
      'warden.replaced_by': crash.replacedBy,
      'warden.last_sequence': crash.lastSequence,
    });
  }

  private publishProtocolViolation(violation: ProtocolViolation): void {
    const event = protocolViolationEvent(
      violation,
      this.settings.detection.protocolViolation.severity,
      this.settings.instanceId,
      this.patterns?.patternFor(violation.agent.agentId, violation.detectedAt),
    );
    this.publishNotedFailure(event, 'failure.diagnosis', violation.detectedAt, {
      'warden.rule': 'protocolViolation',
      'warden.invalid_heartbeats': violation.invalidCount,
      'warden.window_ms': violation.windowMs,
      'warden.last_sequence': violation.lastSequence,
    });
  }

  /** Logs a failure by the note its evidence carries, and publishes it linked to the agent's last heartbeat. */
  private publishNotedFailure(
    event: FailureDetected,
    spanName: string,
    decidedAt: number,
    attributes: DecisionAttributes,
  ): void {
    this.logger.info(
      { agentId: event.agentId, incarnation: event.incarnation, failureId: event.failureId },
      `agent convicted: ${event.evidence.note}`,
    );
    this.track(
      this.failures.failure(event, spanName, attributes, this.lastTraceparent.get(event.agentId), decidedAt),
    );
  }

  /**
   * Subscribes before reading the registry, so no heartbeat sent during the load is missed, and starts
   * the adopted agents' silence clocks at the takeover: the handover itself never counts as silence. An
   * unreadable registry fails the takeover (an agent that died before it is known only from the registry, and
   * would never be convicted): PartitionOwnership releases the partition (`release` unsubscribes) and claims it
   * again next round.
   */
  private async acquire(partition: number): Promise<void> {
    this.ingest.subscribe(partition);
    const takenOverAt = Date.now();
    this.adopt(partition, await this.registry.loadPartition(partition), takenOverAt);
  }

  private adopt(partition: number, records: AgentHealthRecord[], takenOverAt: number): void {
    let adopted = 0;
    for (const record of records)
      if (this.fleet.adopt(record, takenOverAt, this.settings.forgetAfterMs)) adopted++;
    this.logger.info({ partition, agents: adopted, registry: records.length }, 'partition acquired');
  }

  private async release(partition: number, reason: string): Promise<void> {
    await this.ingest.unsubscribe(partition);
    const leaving = this.fleet.forget((agent) => partitionOf(agent.agentId) === partition);
    for (const agent of leaving) this.lastTraceparent.delete(agent.agentId);
    this.logger.info({ partition, reason, agents: leaving.length }, 'partition released');
  }

  private track(publishing: Promise<void>): void {
    this.inFlight.add(publishing);
    void publishing.finally(() => this.inFlight.delete(publishing));
  }
}
