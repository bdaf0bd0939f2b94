import type { Ballot } from '@warden/contracts';
import { compareBallots, type AcceptedReply, type PromiseReply } from '@warden/agent-sdk';
import { gatherQuorum } from './quorum-gathering';

/** How a proposer reaches acceptors; a reply that does not come rejects (timeout, no responders). */
export interface AcceptorTransport {
  prepare(acceptorId: string, instanceId: string, ballot: Ballot): Promise<PromiseReply>;
  accept(acceptorId: string, instanceId: string, ballot: Ballot, value: string): Promise<AcceptedReply>;
}

export interface ProposerTimers {
  sleep(ms: number): Promise<void>;
}

export interface ProposerOptions {
  /** Ballots tried before giving up (each a prepare and maybe an accept round). */
  maxAttempts: number;
  /** Upper bound of the random pause after a lost ballot, so duelling proposers stop colliding. */
  maxBackoffMs: number;
}

export interface PaxosDecision {
  instanceId: string;
  ballot: Ballot;
  value: string;
  /** The acceptors whose acceptance formed the quorum. */
  acceptorIds: string[];
}

export class ConsensusNotReachedError extends Error {
  constructor(
    readonly instanceId: string,
    readonly attempts: number,
    readonly lastProblem: string,
  ) {
    super(`consensus ${instanceId}: no decision after ${attempts} ballots (${lastProblem})`);
    this.name = 'ConsensusNotReachedError';
  }
}

/**
 * The proposer (and learner) of single-decree Paxos:
 *
 * 1. prepare(b) to every acceptor; a majority of promises is needed;
 * 2. the value is the one accepted at the highest ballot among the promises, or our own when none;
 * 3. accept(b, value) to every acceptor; a majority of acceptances decides it.
 *
 * A refusal names the higher ballot that beat ours, and the next ballot goes above it after a random
 * pause. Several proposers (coordinator replicas) may run for one instance at once: they still agree.
 * Plain class: the coordinator drives it over NATS and the deterministic simulation over a lossy network.
 */
export class PaxosProposer {
  private readonly highestRound = new Map<string, number>();

  constructor(
    readonly proposerId: string,
    private readonly transport: AcceptorTransport,
    private readonly timers: ProposerTimers,
    private readonly random: () => number,
    private readonly options: ProposerOptions,
  ) {}

  async propose(instanceId: string, value: string, acceptorIds: readonly string[]): Promise<PaxosDecision> {
    const quorum = Math.floor(acceptorIds.length / 2) + 1;
    let lastProblem = 'not tried';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const ballot: Ballot = { round: this.nextRound(instanceId), proposerId: this.proposerId };
      const outcome = await this.tryBallot(instanceId, ballot, value, acceptorIds, quorum);
      if ('decision' in outcome) return outcome.decision;
      lastProblem = outcome.problem;
      await this.timers.sleep(Math.floor(this.random() * this.options.maxBackoffMs));
    }
    throw new ConsensusNotReachedError(instanceId, this.options.maxAttempts, lastProblem);
  }

  private async tryBallot(
    instanceId: string,
    ballot: Ballot,
    ownValue: string,
    acceptorIds: readonly string[],
    quorum: number,
  ): Promise<{ decision: PaxosDecision } | { problem: string }> {
    const promises = await gatherQuorum(
      acceptorIds,
      (id) => this.transport.prepare(id, instanceId, ballot),
      (reply) => reply.promised && compareBallots(reply.ballot, ballot) === 0,
      quorum,
    );
    for (const reply of promises.refused) this.noteRound(instanceId, reply.highestPromised);
    if (promises.granted.length < quorum) {
      return {
        problem: `${promises.granted.length}/${acceptorIds.length} promises for round ${ballot.round}`,
      };
    }

    const value = this.valueToPropose(promises.granted, ownValue);
    const acceptances = await gatherQuorum(
      acceptorIds,
      (id) => this.transport.accept(id, instanceId, ballot, value),
      (reply) => reply.accepted && compareBallots(reply.ballot, ballot) === 0,
      quorum,
    );
    for (const reply of acceptances.refused) this.noteRound(instanceId, reply.highestPromised);
    if (acceptances.granted.length < quorum) {
      return {
        problem: `${acceptances.granted.length}/${acceptorIds.length} acceptances for round ${ballot.round}`,
      };
    }
    return {
      decision: { instanceId, ballot, value, acceptorIds: acceptances.granted.map((r) => r.acceptorId) },
    };
  }

  /** Paxos' safety rule: a value accepted at the highest ballot among a quorum may already be chosen. */
  private valueToPropose(promises: readonly PromiseReply[], ownValue: string): string {
    let best: PromiseReply | undefined;
    for (const reply of promises) {
      if (!reply.acceptedBallot || reply.acceptedValue === undefined) continue;
      if (!best?.acceptedBallot || compareBallots(reply.acceptedBallot, best.acceptedBallot) > 0)
        best = reply;
    }
    return best?.acceptedValue ?? ownValue;
  }

  private nextRound(instanceId: string): number {
    const round = (this.highestRound.get(instanceId) ?? 0) + 1;
    this.highestRound.set(instanceId, round);
    return round;
  }

  private noteRound(instanceId: string, ballot: Ballot | undefined): void {
    if (!ballot) return;
    this.highestRound.set(instanceId, Math.max(this.highestRound.get(instanceId) ?? 0, ballot.round));
  }
}
