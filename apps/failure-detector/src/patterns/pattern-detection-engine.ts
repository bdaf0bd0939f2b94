import {
  Buckets,
  FailureDetected,
  HealthStateChanged,
  PatternDetected,
  Streams,
  Subjects,
} from '@warden/contracts';
import {
  watchAgentRegistry,
  type AgentRegistryWatch,
  type CoreSubscription,
  MessageCodec,
  type Messaging,
  PartitionOwnership,
} from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import { ActivePatterns } from './active-patterns';
import { PatternDetector } from './detection/pattern-detector';
import { eventIdOf, type PatternRevision } from './detection/pattern-revision';
import { FleetMembership } from './model/fleet-membership';
import { changeIdOf, type FailureObservation, type HealthObservation } from './model/observations';
import { PatternMetrics } from './runtime/pattern-metrics';
import { replayStream } from './runtime/stream-replay';
import { withPatternSpan } from './runtime/pattern-span';
import { toPatternMessage } from './runtime/to-pattern-message';
import type { PatternSettings } from './settings/pattern-settings';

/** The lease group of the single pattern-detection owner among the failure detector's replicas. */
export const PATTERN_DETECTION_GROUP = 'failure-detector-patterns';
const FAILURES_SUBJECT = 'supervision.failures.>';
const HEALTH_STATES_SUBJECT = 'supervision.health.state.>';
const PATTERNS_SUBJECT = 'supervision.patterns.>';
/** The one partition whose lease makes its holder the owner. */
const OWNER_PARTITION = 0;

export interface PatternEngineSettings {
  /** This replica's id: its lease member id and PatternDetected.detectedBy. */
  instanceId: string;
  patterns: PatternSettings;
  /** Must equal the `leases` bucket's TTL; defaults to the contracts' value. */
  leaseTtlMs?: number;
}

/**
 * Runs pattern detection on exactly one replica of the failure detector at a time and keeps every
 * replica's ActivePatterns current.
 *
 * The owner is whoever holds the lease of a single-partition PartitionOwnership (group
 * `failure-detector-patterns` in the `leases` bucket). Only the owner follows `supervision.failures.>`
 * and `supervision.health.state.>` (core subscriptions: JetStream publishes reach core subscribers too),
 * evaluates its windows every `evaluateIntervalMs` and publishes PatternDetected durably with
 * `ce-id = <patternId>-r<revision>`, so a revision published twice across a handover is a JetStream
 * duplicate and stored once. Every replica subscribes to `supervision.patterns.>` (each under its own
 * queue group, so each gets every pattern) and a new owner continues the incidents already published
 * — same patternId, next revision — instead of opening new ones. The `agents` bucket gives every
 * replica the fleet's membership per zone, host and capability.
 *
 * Handover: the owner's windows live in its memory, so a new owner first subscribes, then replays the
 * SUPERVISION stream's failures and health changes of the last horizon (the longest rule window) before
 * it evaluates; events seen both ways count once (failure ids, change ids). What the stream holds is
 * therefore not lost across a handover, only late: nothing is evaluated while no replica holds the lease
 * — up to one ownership round (a third of the lease TTL, 5 s by default) after a graceful stop, up to
 * 1⅓ lease TTLs (20 s) after a crash — plus the replay itself. Evidence that is not in the stream (it
 * was not stored, or its retention passed) cannot be replayed: a pattern resting on it may be missed.
 * Incidents already published are continued (adopted), never opened twice.
 */
export class PatternDetectionEngine implements ServiceEngine {
  readonly activePatterns = new ActivePatterns();
  private readonly membership = new FleetMembership();
  private readonly metrics: PatternMetrics;
  private detector?: PatternDetector;
  private ownership?: PartitionOwnership;
  private feed?: AgentRegistryWatch;
  private patternSubscription?: CoreSubscription;
  private ownerSubscriptions: CoreSubscription[] = [];
  private timer?: NodeJS.Timeout;
  private evaluating?: Promise<void>;
  private replaying?: Promise<void>;

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: PatternEngineSettings,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
    private readonly clock: () => number = Date.now,
  ) {
    this.metrics = new PatternMetrics(metrics);
  }

  async start(): Promise<void> {
    this.feed = watchAgentRegistry(await this.messaging.bucket(Buckets.agents), this.membership, (error) =>
      this.logger.warn({ key: error.key, err: error }, 'corrupt registry record skipped'),
    );
    await this.feed.start();
    this.patternSubscription = await this.messaging.subscribeCore(
      PATTERNS_SUBJECT,
      PatternDetected,
      (pattern) => this.onPattern(pattern),
      { queue: `${PATTERN_DETECTION_GROUP}-${this.settings.instanceId}` },
    );
    this.ownership = new PartitionOwnership({
      kv: (await this.messaging.bucket(Buckets.leases)).kv,
      group: PATTERN_DETECTION_GROUP,
      memberId: this.settings.instanceId,
      partitions: 1,
      leaseTtlMs: this.settings.leaseTtlMs ?? Buckets.leases.ttlMs,
      onAcquired: () => this.becomeOwner(),
      onReleased: (_partition, reason) => this.stepDown(reason),
      onError: (error, during) => this.logger.warn({ err: error, during }, 'pattern lease round failed'),
    });
    await this.ownership.start();
    this.timer = setInterval(() => this.tick(), this.settings.patterns.evaluateIntervalMs);
  }

  /** Graceful: stops evaluating, releases the lease at once (so another replica takes over), unsubscribes. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.replaying;
    await this.evaluating;
    await this.ownership?.stop();
    await this.stopOwnerSubscriptions();
    await this.patternSubscription?.stop();
    await this.feed?.stop();
  }

  /** Whether this replica runs the detection now. */
  isOwner(): boolean {
    return !!this.detector && !!this.ownership?.holds(OWNER_PARTITION);
  }

  /** Ready once the membership replay is done and the lease round settled (owner or not). */
  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      patterns: () => ({
        ready: this.isReady(),
        detail: this.isOwner() ? 'runs pattern detection' : 'follows the patterns another replica detects',
      }),
    };
  }

  isReady(): boolean {
    return !!this.feed?.caughtUp && !!this.ownership?.isSettled();
  }

  /** The pattern a new failure of `agentId` belongs to, for FailureDetected.patternId. */
  patternFor(agentId: string): string | undefined {
    return this.activePatterns.patternFor(agentId, this.clock());
  }

  private onPattern(pattern: PatternDetected): void {
    if (!this.activePatterns.record(pattern)) return;
    // Another replica still published while this one owns: continue its numbering, do not fork it.
    if (pattern.detectedBy !== this.settings.instanceId)
      this.detector?.adopt(pattern, Date.parse(pattern.activeUntil));
  }

  private async becomeOwner(): Promise<void> {
    const now = this.clock();
    const detector = new PatternDetector(this.settings.patterns, this.membership);
    const adopted = this.activePatterns.active(now);
    for (const { pattern, activeUntil } of adopted) detector.adopt(pattern, activeUntil);
    this.detector = detector;
    // Kept one by one as each starts: if a later one fails, the takeover fails ('failed' release) and every
    // one already started must be stopped — a leaked member of the queue group would take a share of the
    // failures while no detector observes them.
    try {
      this.ownerSubscriptions.push(
        await this.messaging.subscribeCore(
          FAILURES_SUBJECT,
          FailureDetected,
          (failure) => this.detector?.observeFailure(failureObservation(failure, this.clock())),
          { queue: PATTERN_DETECTION_GROUP },
        ),
      );
      this.ownerSubscriptions.push(
        await this.messaging.subscribeCore(
          HEALTH_STATES_SUBJECT,
          HealthStateChanged,
          (change) => this.detector?.observeHealth(healthObservation(change, this.clock())),
          { queue: PATTERN_DETECTION_GROUP },
        ),
      );
    } catch (error) {
      this.detector = undefined;
      await this.stopOwnerSubscriptions();
      throw error;
    }
    // Not awaited: the lease round that called this must go on refreshing the lease during a long replay.
    this.replaying = this.replay(detector, now).finally(() => (this.replaying = undefined));
    this.metrics.ownsDetection(true);
    this.logger.info({ adopted: adopted.length }, 'pattern detection owned by this replica');
  }

  private async replay(detector: PatternDetector, now: number): Promise<void> {
    const codec = new MessageCodec();
    const since = now - detector.horizonMs;
    const js = this.messaging.client.jetstream;
    const stream = Streams.SUPERVISION.name;
    try {
      const failures = await replayStream(js, stream, FAILURES_SUBJECT, since, (message) => {
        const failure = codec.decode(message, FailureDetected).payload;
        detector.observeFailure(failureObservation(failure, message.info.timestampNanos / 1e6));
      });
      const changes = await replayStream(js, stream, HEALTH_STATES_SUBJECT, since, (message) => {
        const change = codec.decode(message, HealthStateChanged).payload;
        detector.observeHealth(healthObservation(change, message.info.timestampNanos / 1e6));
      });
      this.logger.info({ failures, changes, sinceMs: detector.horizonMs }, 'pattern windows replayed');
    } catch (error) {
      this.logger.warn(
        { err: error },
        'replaying the pattern windows failed; detecting from live events only',
      );
    }
  }

  private async stepDown(reason: string): Promise<void> {
    this.detector = undefined;
    this.metrics.ownsDetection(false);
    await this.stopOwnerSubscriptions();
    this.logger.info({ reason }, 'pattern detection released');
  }

  private async stopOwnerSubscriptions(): Promise<void> {
    const subscriptions = this.ownerSubscriptions;
    this.ownerSubscriptions = [];
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
  }

  private tick(): void {
    const now = this.clock();
    this.activePatterns.expire(now);
    this.metrics.observeActive(this.activePatterns.active(now).map((entry) => entry.pattern.patternType));
    if (this.evaluating || this.replaying || !this.isOwner()) return;
    this.evaluating = this.evaluate(now).finally(() => (this.evaluating = undefined));
  }

  private async evaluate(now: number): Promise<void> {
    const detector = this.detector;
    if (!detector) return;
    for (const revision of detector.evaluate(now)) {
      // A lease that may have expired means another replica may own the detection now.
      if (!this.ownership?.holds(OWNER_PARTITION)) return;
      await this.publish(detector, revision, now);
    }
  }

  private async publish(detector: PatternDetector, revision: PatternRevision, now: number): Promise<void> {
    try {
      const message = toPatternMessage(revision, this.settings.instanceId, now);
      await withPatternSpan(revision, () =>
        this.messaging.publisher.publishDurable(Subjects.patterns(revision.type), PatternDetected, message, {
          id: eventIdOf(revision.patternId, revision.revision),
        }),
      );
      detector.confirm(revision.patternId, revision.revision);
      this.activePatterns.record(message);
      this.metrics.published(revision.type, revision.revision);
      this.logger.info(
        {
          patternId: revision.patternId,
          revision: revision.revision,
          type: revision.type,
          agents: revision.affectedAgentIds.length,
          confidence: revision.confidence,
        },
        revision.summary,
      );
    } catch (error) {
      this.metrics.publishFailed();
      this.logger.warn(
        { err: error, patternId: revision.patternId, revision: revision.revision },
        'pattern not stored; offered again at the next evaluation',
      );
    }
  }
}

function failureObservation(failure: FailureDetected, at: number): FailureObservation {
  return { ...failure, at };
}

function healthObservation(change: HealthStateChanged, at: number): HealthObservation {
  return { ...change, changeId: changeIdOf(change), at };
}
