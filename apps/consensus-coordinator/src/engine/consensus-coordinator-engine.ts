import { Buckets, ElectionLeaders, createMessage } from '@warden/contracts';
import {
  CorruptFencedRecordError,
  KvLeaseStore,
  LeaderElection,
  currentLeaders,
  type Messaging,
} from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import { ConsensusService } from '../consensus/consensus-service';
import { DecisionStore } from '../consensus/decision-store';
import { NatsAcceptorTransport } from '../consensus/nats-acceptor-transport';
import { PaxosProposer } from '../consensus/paxos-proposer';
import { VoteService } from '../votes/vote-service';
import { CoordinationMetrics } from './coordination-metrics';
import { LeaderDuties } from './leader-duties';

export const CONSENSUS_COORDINATOR_SERVICE = 'consensus-coordinator';
/** The replicas' own election: its leader serves locks and barriers. */
export const COORDINATOR_DOMAIN = 'consensus-coordinator';
const DUTIES_RETRY_MS = 500;

export interface ConsensusCoordinatorSettings {
  instanceId: string;
  leaseTtlMs: number;
  acceptorTimeoutMs: number;
  maxAttempts: number;
  maxBackoffMs: number;
  sweepMs: number;
}

/**
 * The consensus coordinator without its framework. Every replica proposes and answers queries (Paxos
 * keeps competing replicas in agreement); the replica elected for `consensus-coordinator` also serves
 * locks and barriers and acts on convictions.
 */
export class ConsensusCoordinatorEngine implements ServiceEngine {
  private consensusService?: ConsensusService;
  private voteService?: VoteService;
  private leases?: KvLeaseStore;
  private election?: LeaderElection;
  private duties?: LeaderDuties;
  private transition: Promise<void> = Promise.resolve();
  private readonly metrics: CoordinationMetrics;

  constructor(
    private readonly messaging: Messaging,
    private readonly settings: ConsensusCoordinatorSettings,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.metrics = new CoordinationMetrics(metrics);
  }

  get consensus(): ConsensusService {
    if (!this.consensusService) throw new Error('the consensus coordinator engine has not started');
    return this.consensusService;
  }

  get votes(): VoteService {
    if (!this.voteService) throw new Error('the consensus coordinator engine has not started');
    return this.voteService;
  }

  get leading(): boolean {
    return this.duties?.active ?? false;
  }

  async start(): Promise<void> {
    const { publisher } = this.messaging;
    const [coordination, consensus] = await Promise.all([
      this.messaging.bucket(Buckets.coordination),
      this.messaging.bucket(Buckets.consensus),
    ]);
    const coordinationKv = coordination.kv;
    const { instanceId } = this.settings;
    this.leases = new KvLeaseStore(coordinationKv);
    const proposer = new PaxosProposer(
      instanceId,
      new NatsAcceptorTransport(publisher, this.settings.acceptorTimeoutMs),
      { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
      Math.random,
      { maxAttempts: this.settings.maxAttempts, maxBackoffMs: this.settings.maxBackoffMs },
    );
    this.voteService = new VoteService(publisher, consensus);
    this.consensusService = new ConsensusService(
      proposer,
      new DecisionStore(consensus),
      publisher,
      this.logger,
      (seconds) => this.metrics.decided(seconds),
    );
    const duties = new LeaderDuties({
      messaging: this.messaging,
      coordinationKv,
      leases: this.leases,
      instanceId,
      sweepMs: this.settings.sweepMs,
      logger: this.logger,
      metrics: this.metrics,
      // The election notices the loss at its next renewal; serving stops now, as the lease would say.
      onDeposed: (reason) => {
        this.logger.warn({ reason }, 'deposed: a newer leading replica fenced the lock snapshots');
        this.transition = this.transition.then(() =>
          duties.stop(`coordinator replica ${instanceId} deposed`),
        );
      },
    });
    this.duties = duties;
    this.election = new LeaderElection({
      store: this.leases,
      domain: COORDINATOR_DOMAIN,
      candidateId: instanceId,
      ttlMs: this.settings.leaseTtlMs,
      onError: (error, during) =>
        this.logger.warn({ err: error, during }, 'coordinator election round failed'),
    });
    this.election.onElected((leadership) => {
      this.logger.info({ fencingToken: leadership.fencingToken }, 'leading: serving locks and barriers');
      this.transition = this.transition.then(() => this.takeUpDuties(duties, leadership.fencingToken));
    });
    this.election.onLost((reason) => {
      this.logger.warn({ reason }, 'no longer leading: locks and barriers handed over');
      this.transition = this.transition.then(() =>
        duties.stop(`coordinator replica ${instanceId} stepped down (${reason})`),
      );
    });
    void this.election.campaign();
  }

  /**
   * Starts serving locks and barriers; a failure (JetStream briefly unavailable, e.g. while a NATS node
   * is down) is retried as long as this replica still leads, instead of giving the lease up for good.
   */
  private async takeUpDuties(duties: LeaderDuties, leaderToken: number): Promise<void> {
    while (this.election?.leadership()?.fencingToken === leaderToken) {
      try {
        await duties.start(leaderToken);
        return;
      } catch (error) {
        // An unreadable lock-token counter or lock record does not heal by retrying: say what to do.
        if (error instanceof CorruptFencedRecordError)
          this.logger.error(
            { err: error, resource: error.resource },
            'not serving locks: a fenced record is unreadable (an old replica wrote it? stop old replicas, see the README, "Upgrades"); retrying',
          );
        else this.logger.warn({ err: error }, 'could not take up leader duties yet; retrying');
        await duties.stop('leader duties failed to start');
        await new Promise((resolve) => setTimeout(resolve, DUTIES_RETRY_MS));
      }
    }
  }

  async leaders(domain?: string): Promise<ElectionLeaders> {
    if (!this.leases) throw new Error('the consensus coordinator engine has not started');
    return createMessage(ElectionLeaders, { leaders: await currentLeaders(this.leases, Date.now(), domain) });
  }

  /** Ready once started; `detail` says whether this replica leads (serves locks and barriers) or stands by. */
  readinessChecks(): Record<string, ReadinessCheck> {
    return {
      coordination: () => ({
        ready: this.consensusService !== undefined,
        detail: this.leading
          ? 'leading: serves locks and barriers'
          : 'standing by: serves consensus and queries',
      }),
    };
  }

  async stop(): Promise<void> {
    await this.election?.stop();
    await this.transition;
    await this.duties?.stop('coordinator shutting down');
  }
}
