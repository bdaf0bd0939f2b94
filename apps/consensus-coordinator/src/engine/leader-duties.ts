import type { KV } from '@nats-io/kv';
import {
  BarrierArrival,
  FailureDetected,
  HealthStateChanged,
  LockAcquire,
  LockRelease,
  SubjectWildcards,
} from '@warden/contracts';
import {
  StaleFencingTokenError,
  revokeLeadershipsOf,
  type CoreSubscription,
  type LeaseStore,
  type Messaging,
} from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import { BarrierService } from '../barriers/barrier-service';
import { BarrierTable } from '../barriers/barrier-table';
import { CONVICTING_STATES } from '../conviction/convictions';
import { ElectionHistory } from '../election/election-history';
import { LockService } from '../locks/lock-service';
import { LockSnapshots } from '../locks/lock-snapshots';
import { LockTable } from '../locks/lock-table';
import { TokenBlocks } from '../locks/token-blocks';
import { withDecisionSpan } from './decision-span';
import type { CoordinationMetrics } from './coordination-metrics';

/** Waiting requests are replies held open: they need no handler slot of their own. */
const WAITING_CONCURRENCY = 10_000;

export interface LeaderDutiesOptions {
  messaging: Messaging;
  coordinationKv: KV;
  leases: LeaseStore;
  instanceId: string;
  sweepMs: number;
  logger: Logger;
  metrics: CoordinationMetrics;
  /** A write fenced by this replica's election token was refused: a newer leader exists. */
  onDeposed: (reason: string) => void;
}

/**
 * What the replica that leads the `consensus-coordinator` domain does, and only it: serve locks and
 * barriers (their queues live in its memory), and act on convictions: revoke the convicted agent's
 * elections, release its locks and break the barriers it takes part in. Started on election, stopped on
 * losing it; pending waiters are then refused so they retry against the new leader.
 */
export class LeaderDuties {
  private subscriptions: CoreSubscription[] = [];
  private sweeper?: NodeJS.Timeout;
  private locks?: LockService;
  private tokens?: TokenBlocks;
  private barriers?: BarrierService;
  private history?: ElectionHistory;

  constructor(private readonly options: LeaderDutiesOptions) {}

  get active(): boolean {
    return this.locks !== undefined;
  }

  /** `leaderToken`: the fencing token of the election that made this replica the leading one. */
  async start(leaderToken: number): Promise<void> {
    const { messaging, coordinationKv, instanceId, logger } = this.options;
    const tokens: TokenBlocks = new TokenBlocks(
      coordinationKv,
      (error) => {
        logger.warn({ err: error }, 'lock token reservation failed');
        if (error instanceof StaleFencingTokenError && this.tokens === tokens)
          this.options.onDeposed(error.message);
      },
      leaderToken,
    );
    this.tokens = tokens;
    await tokens.start();
    const locks: LockService = new LockService(
      new LockTable(() => tokens.issue()),
      instanceId,
      new LockSnapshots(coordinationKv, leaderToken),
      // A late refusal of an earlier term's write must not stop the duties of a later term.
      (refusal) => {
        if (this.locks === locks) this.options.onDeposed(refusal.message);
      },
    );
    const restored = await locks.restore();
    if (restored > 0) logger.info({ locks: restored }, 'took over the held locks of the previous leader');
    const barriers = new BarrierService(new BarrierTable());
    this.locks = locks;
    this.barriers = barriers;
    this.subscriptions = await Promise.all([
      messaging.serveRequests(
        SubjectWildcards.lockAcquire,
        LockAcquire,
        async (request) => {
          const grant = await locks.acquire(request);
          this.options.metrics.lockAnswered(grant.granted ? 'granted' : 'refused');
          return grant;
        },
        {
          concurrency: WAITING_CONCURRENCY,
        },
      ),
      messaging.serveRequests(SubjectWildcards.lockRelease, LockRelease, (request) => locks.release(request)),
      messaging.serveRequests(
        SubjectWildcards.barrierArrival,
        BarrierArrival,
        (arrival) => barriers.arrive(arrival),
        {
          concurrency: WAITING_CONCURRENCY,
        },
      ),
      messaging.subscribeCore(SubjectWildcards.failures, FailureDetected, (failure) =>
        this.convict(failure.agentId, `failure ${failure.failureId}`),
      ),
      messaging.subscribeCore(SubjectWildcards.healthState, HealthStateChanged, (change) =>
        CONVICTING_STATES.has(change.state)
          ? this.convict(change.agentId, `health ${change.state}`)
          : undefined,
      ),
    ]);
    this.history = new ElectionHistory(coordinationKv, messaging.publisher, logger, () =>
      this.options.metrics.leaderChanged(),
    );
    await this.history.start();
    this.options.metrics.leadingNow(true);
    this.sweeper = setInterval(() => {
      locks.sweep();
      barriers.sweep();
    }, this.options.sweepMs);
  }

  async stop(reason: string): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.options.metrics.leadingNow(false);
    await this.history?.stop();
    this.history = undefined;
    const subscriptions = this.subscriptions.splice(0);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    this.locks?.abandon(reason);
    this.barriers?.abandon(reason);
    this.locks = undefined;
    this.tokens = undefined;
    this.barriers = undefined;
  }

  /** Public for tests and for the revocation path: everything the agent held ends now. */
  convict(agentId: string, evidence: string): Promise<void> {
    return withDecisionSpan(
      'revoke convicted holder',
      { 'warden.agent.id': agentId, 'warden.conviction.evidence': evidence },
      async (span) => {
        const releasedLocks = this.locks?.convict(agentId) ?? [];
        this.barriers?.convict(agentId);
        const revoked = await revokeLeadershipsOf(this.options.leases, agentId);
        span.setAttributes({ 'warden.revoked.domains': revoked, 'warden.revoked.locks': releasedLocks });
        this.options.metrics.revoked('election', revoked.length);
        this.options.metrics.revoked('lock', releasedLocks.length);
        if (revoked.length > 0 || releasedLocks.length > 0) {
          this.options.logger.info(
            { agentId, evidence, revoked, releasedLocks },
            'convicted holder lost its leases',
          );
        }
      },
    );
  }
}
