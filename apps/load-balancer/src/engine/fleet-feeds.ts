import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  AgentQuarantine,
  AgentSuspected,
  BreakerTransition,
  FailureDetected,
  HealthStateChanged,
  Heartbeat,
  SubjectWildcards,
  TaskResult,
  WorkHandoff,
  type FailureType,
} from '@warden/contracts';
import type { Messaging, MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { BreakerBoard } from '../breaker/breaker-board';
import type { TaskDispatcher } from '../dispatch/task-dispatcher';
import type { FleetView } from '../fleet/fleet-view';
import type { HandedOffTasks } from './handed-off-tasks';

/** Failures after which the agent's running work is gone (the process or its link is): reassign it. */
const WORK_LOST: ReadonlySet<FailureType> = new Set(['process-crash', 'heartbeat-timeout', 'stuck']);

/**
 * Everything that keeps the fleet view and the dispatcher current, subscribed on every replica (no
 * shared queue group: each replica routes with its own view). Heartbeats and results are the high-rate feeds
 * and go through the raw connection with the shared codec; an undecodable heartbeat or result is
 * counted and skipped here, because the health collector (heartbeats) and the durable stream
 * (results) already dead-letter them. The rest are low-rate events on the generic subscriber, which
 * dead-letters bad input.
 */
export class FleetFeeds {
  private readonly raw: Subscription[] = [];
  undecodable = 0;

  constructor(
    private readonly messaging: Messaging,
    private readonly codec: MessageCodec,
    private readonly fleet: FleetView,
    private readonly breakers: BreakerBoard,
    private readonly dispatcher: TaskDispatcher,
    private readonly logger: Logger,
    private readonly instanceId: string,
    private readonly handedOff: HandedOffTasks,
  ) {}

  async start(): Promise<void> {
    const connection: NatsConnection = this.messaging.client.connection;
    this.raw.push(
      connection.subscribe(SubjectWildcards.heartbeat, {
        callback: (error, message) => {
          if (error) return;
          try {
            const beat = this.codec.decode(message, Heartbeat).payload;
            const known = this.fleet.get(beat.agentId);
            const wasRoutable = known !== undefined && this.fleet.routable(known, Date.now());
            const slot = this.fleet.applyHeartbeat(beat, Date.now());
            if (!wasRoutable && this.fleet.routable(slot, Date.now())) this.dispatcher.capacityChanged();
          } catch {
            this.undecodable++;
          }
        },
      }),
      connection.subscribe(SubjectWildcards.taskResult, {
        callback: (error, message) => {
          if (error) return;
          try {
            this.dispatcher.onResult(this.codec.decode(message, TaskResult).payload);
          } catch {
            this.undecodable++;
          }
        },
      }),
    );
    // The generic subscriber joins a queue group named after the service by default; a group of this
    // replica alone gives every replica every event, and concurrency 1 keeps them in order.
    const every = { concurrency: 1, queue: this.instanceId };
    await Promise.all([
      this.messaging.subscribeCore(
        SubjectWildcards.healthState,
        HealthStateChanged,
        (change) => this.fleet.applyHealth(change.agentId, change.state, change.incarnation),
        every,
      ),
      this.messaging.subscribeCore(
        SubjectWildcards.suspicion,
        AgentSuspected,
        (suspicion) => this.fleet.suspect(suspicion.agentId, suspicion.incarnation, Date.now()),
        every,
      ),
      this.messaging.subscribeCore(
        SubjectWildcards.failures,
        FailureDetected,
        (failure) => this.onFailure(failure),
        every,
      ),
      this.messaging.subscribeCore(
        SubjectWildcards.quarantine,
        AgentQuarantine,
        (quarantine) =>
          this.fleet.quarantine(
            quarantine.agentId,
            quarantine.quarantined
              ? quarantine.until
                ? Date.parse(quarantine.until)
                : Number.MAX_SAFE_INTEGER
              : 0,
          ),
        every,
      ),
      this.messaging.subscribeCore(
        SubjectWildcards.workHandoff,
        WorkHandoff,
        (handoff) => this.onHandoff(handoff),
        every,
      ),
      this.messaging.subscribeCore(
        SubjectWildcards.breakerTransition,
        BreakerTransition,
        (transition) => {
          if (this.breakers.applyRemote(transition) && transition.state !== 'open')
            this.dispatcher.capacityChanged();
        },
        every,
      ),
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all(this.raw.splice(0).map((subscription) => subscription.drain()));
  }

  private onFailure(failure: FailureDetected): void {
    if (!WORK_LOST.has(failure.failureType)) return;
    this.fleet.fail(failure.agentId, failure.incarnation);
    const reassigned = this.dispatcher.agentLost(
      failure.agentId,
      `${failure.failureType} (${failure.failureId})`,
    );
    if (reassigned > 0)
      this.logger.info(
        { agentId: failure.agentId, reassigned, failureId: failure.failureId },
        'reassigning the work of a failed agent',
      );
  }

  /** This replica's open attempts on the agent are reassigned; the named tasks nobody alive runs are run again. */
  private async onHandoff(handoff: WorkHandoff): Promise<void> {
    this.fleet.fail(handoff.agentId, handoff.incarnation);
    const reassigned = this.dispatcher.agentLost(handoff.agentId, `hand-off ${handoff.handoffId}`);
    if (reassigned > 0)
      this.logger.info(
        { agentId: handoff.agentId, reassigned, handoffId: handoff.handoffId },
        'reassigning handed-off work',
      );
    try {
      await this.handedOff.redispatch(handoff);
    } catch (error) {
      // The claims or the stream are unreachable: durable tasks still come back after their ack wait.
      this.logger.warn({ err: error, handoffId: handoff.handoffId }, 'handed-off task ids not re-dispatched');
    }
  }
}
