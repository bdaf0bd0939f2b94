import {
  BreakerTransition,
  Buckets,
  Streams,
  SubjectWildcards,
  Subjects,
  TaskSubmitted,
} from '@warden/contracts';
import { MessageCodec, type DurableConsumer, type MessageContext, type Messaging } from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import { BreakerBoard } from '../breaker/breaker-board';
import { KvTaskClaims } from '../claims/kv-task-claims';
import type { BreakerChange } from '../breaker/circuit-breaker';
import { NoAgentAvailableError } from '../dispatch/dispatch-errors';
import { RetryBudget } from '../dispatch/retry-budget';
import { TaskDispatcher } from '../dispatch/task-dispatcher';
import { FleetView } from '../fleet/fleet-view';
import { DurableSubmissions } from '../nats/durable-submissions';
import { NatsAgentTransport } from '../nats/nats-agent-transport';
import { TaskClaimQueries } from '../nats/task-claim-queries';
import { CoordinationPatterns } from '../patterns/coordination-patterns';
import { ResourceQuotas } from '../resources/resource-quotas';
import { Router } from '../routing/router';
import { StrategyTable } from '../routing/strategy-table';
import { FleetFeeds } from './fleet-feeds';
import { HandedOffTasks } from './handed-off-tasks';
import type { LoadBalancerSettings } from './load-balancer-settings';
import { RoutingObserver } from './routing-observer';
import { SubmissionServer } from './submission-server';

export const LOAD_BALANCER_SERVICE = 'load-balancer';
const REFRESH_INTERVAL_MS = 250;
const STOP_GRACE_MS = 10_000;

/**
 * The load balancer without its framework: follows the fleet, routes and dispatches tasks submitted
 * by request/reply or durably, publishes and adopts breaker transitions, and offers the coordination
 * patterns. Every replica routes on its own view; breakers converge through their transitions.
 */
export class LoadBalancerEngine implements ServiceEngine {
  readonly fleet: FleetView;
  readonly breakers: BreakerBoard;
  readonly router: Router;
  readonly dispatcher: TaskDispatcher;
  readonly patterns: CoordinationPatterns;
  readonly resources = new ResourceQuotas();
  private readonly codec = new MessageCodec();
  private feeds?: FleetFeeds;
  private submissions?: SubmissionServer;
  private durable?: DurableConsumer<TaskSubmitted>;
  private refresher?: NodeJS.Timeout;
  private started = false;

  constructor(
    private readonly messaging: Messaging,
    readonly settings: LoadBalancerSettings,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.breakers = new BreakerBoard(settings.breaker, settings.instanceId, (change) =>
      this.publishBreaker(change),
    );
    this.fleet = new FleetView(settings.fleet, (agentId) => this.breakers.breakerOf(agentId));
    this.router = new Router(this.fleet, new StrategyTable(this.fleet, settings.routing, settings.weights));
    this.dispatcher = new TaskDispatcher(
      this.fleet,
      this.router,
      new NatsAgentTransport(messaging.client.connection, this.codec, settings.instanceId, logger),
      new RetryBudget(settings.retryBudget),
      settings.dispatch,
      settings.instanceId,
      new RoutingObserver(metrics, logger),
    );
    this.patterns = new CoordinationPatterns(this.dispatcher, this.fleet, settings.instanceId);
  }

  async start(): Promise<void> {
    const taskRuns = await this.messaging.bucket(Buckets['task-runs']);
    const claimQueries = new TaskClaimQueries(this.messaging, this.settings.instanceId, this.dispatcher);
    await claimQueries.serve();
    // A duplicate task id (a resubmission, a durable delivery that lapsed on a dead replica) asks the
    // claim's holder, which may be a dead replica or a live one that took the task over meanwhile.
    const claims = new KvTaskClaims(
      taskRuns,
      this.settings.instanceId,
      this.logger,
      async (holder, taskId) => {
        const answer = await claimQueries.ask(holder, [taskId]);
        return answer.kind === 'gone' || (answer.kind === 'alive' && !answer.running.has(taskId));
      },
    );
    this.dispatcher.useClaims(claims);
    const submissions = new DurableSubmissions(this.messaging.client, this.codec);
    const handedOff = new HandedOffTasks(
      {
        claims,
        askHolder: (holder, taskIds) => claimQueries.ask(holder, taskIds),
        readSubmission: (sequence) => submissions.read(sequence),
      },
      this.dispatcher,
      this.settings.instanceId,
      this.logger,
    );
    this.feeds = new FleetFeeds(
      this.messaging,
      this.codec,
      this.fleet,
      this.breakers,
      this.dispatcher,
      this.logger,
      this.settings.instanceId,
      handedOff,
    );
    await this.feeds.start();
    this.refresher = setInterval(() => {
      this.fleet.refresh(Date.now());
      this.dispatcher.capacityChanged();
    }, REFRESH_INTERVAL_MS);
    this.refresher.unref();
    this.submissions = new SubmissionServer(
      this.messaging.client.connection,
      this.codec,
      this.settings.instanceId,
      this.dispatcher,
      this.logger,
    );
    this.submissions.start();
    this.durable = await this.messaging.consumeDurable({
      stream: Streams.COORDINATION.name,
      durableName: `${LOAD_BALANCER_SERVICE}-submissions`,
      filterSubject: SubjectWildcards.taskSubmit,
      messageClass: TaskSubmitted,
      // Acked after the final result (the agent stores it on coordination.tasks.result.<agentId>) and
      // kept in progress meanwhile, so a replica that dies mid-task leaves it to another after one ack
      // wait, which takes the task's claim over (a result it saw meanwhile is used, not a second run).
      handler: (task, context) => this.runDurable(task, context),
      concurrency: this.settings.durableConcurrency,
      maxAckPending: this.settings.durableConcurrency * 2,
      ackWaitMs: this.settings.durableAckWaitMs,
      keepInProgress: true,
      maxDeliver: 5,
      backoffMs: [1_000, 5_000, 15_000, 30_000],
      deliverPolicy: 'all',
    });
    this.started = true;
  }

  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      routing: () => ({
        ready: this.started,
        detail: `${this.fleet.size} agents known, ${this.dispatcher.inFlight} tasks in flight, ${this.dispatcher.capacity.waiting} waiting`,
      }),
    };
  }

  async stop(): Promise<void> {
    this.started = false;
    clearInterval(this.refresher);
    await this.submissions?.stop(STOP_GRACE_MS);
    await this.durable?.stop();
    await this.feeds?.stop();
  }

  private async runDurable(task: TaskSubmitted, context: MessageContext): Promise<void> {
    try {
      await this.dispatcher.run(task, {
        submissionSequence: context.streamSequence,
      });
    } catch (error) {
      // No agent now: nak with backoff and try again later; anything else (deadline) is final.
      if (error instanceof NoAgentAvailableError) throw error;
      this.logger.info({ err: error, taskId: task.taskId }, 'durable task ended without a result');
    }
  }

  private publishBreaker(change: BreakerChange): void {
    const now = new Date();
    const transition: BreakerTransition = {
      agentId: change.agentId,
      previousState: change.previousState,
      state: change.state,
      generation: change.generation,
      consecutiveOpenings: change.consecutiveOpenings,
      openUntil: change.openUntil !== undefined ? new Date(change.openUntil).toISOString() : undefined,
      failureRatio: Math.min(1, Math.max(0, change.failureRatio)),
      consecutiveFailures: change.consecutiveFailures,
      reason: change.reason.slice(0, 500),
      decidedBy: change.decidedBy,
      decidedAt: now.toISOString(),
    };
    this.logger.info(
      { breaker: transition },
      `breaker of ${change.agentId} ${change.previousState} → ${change.state}`,
    );
    if (change.state !== 'open') this.dispatcher.capacityChanged();
    this.messaging.publisher
      .publishDurable(Subjects.breakerTransition(change.agentId), BreakerTransition, transition)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, agentId: change.agentId }, 'breaker transition not published'),
      );
  }
}
