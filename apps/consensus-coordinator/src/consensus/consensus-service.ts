import { ConsensusDecided, Subjects, createMessage, type ConsensusProposal } from '@warden/contracts';
import { RequestRejectedError, type Publisher } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import { withDecisionSpan } from '../engine/decision-span';
import type { DecisionStore } from './decision-store';
import { ConsensusNotReachedError, type PaxosProposer } from './paxos-proposer';

/**
 * Answers proposals: an instance already decided answers with its decision (so a retried or competing
 * proposal learns the same value); otherwise Paxos runs among the participants, and the decision is
 * recorded, published on `coordination.consensus.decided.<id>` and returned.
 */
export class ConsensusService {
  constructor(
    private readonly proposer: PaxosProposer,
    private readonly decisions: DecisionStore,
    private readonly publisher: Publisher,
    private readonly logger: Logger,
    private readonly onDecided: (seconds: number) => void = () => undefined,
  ) {}

  propose(proposal: ConsensusProposal): Promise<ConsensusDecided> {
    return withDecisionSpan(
      'consensus decide',
      {
        'warden.consensus.instance': proposal.instanceId,
        'warden.consensus.participants': proposal.participantIds.length,
        'warden.consensus.proposed_by': proposal.proposedBy,
      },
      async (span) => {
        const decided = await this.decide(proposal);
        span.setAttributes({
          'warden.consensus.ballot_round': decided.ballot.round,
          'warden.consensus.ballot_proposer': decided.ballot.proposerId,
          'warden.consensus.acceptors': decided.acceptorIds,
          'warden.consensus.value_is_ours': decided.value === proposal.value,
        });
        return decided;
      },
    );
  }

  private async decide(proposal: ConsensusProposal): Promise<ConsensusDecided> {
    const known = await this.decisions.get(proposal.instanceId);
    if (known) return known;
    const startedAt = performance.now();
    const participants = [...new Set(proposal.participantIds)];
    if (participants.length === 0)
      throw new RequestRejectedError('rejected', 'a proposal needs at least one participant');
    let decision;
    try {
      decision = await this.proposer.propose(proposal.instanceId, proposal.value, participants);
    } catch (error) {
      if (error instanceof ConsensusNotReachedError)
        throw new RequestRejectedError('unavailable', error.message);
      throw error;
    }
    const decided = createMessage(ConsensusDecided, {
      instanceId: decision.instanceId,
      ballot: decision.ballot,
      value: decision.value,
      acceptorIds: decision.acceptorIds.sort(),
      decidedAt: new Date().toISOString(),
    });
    const recorded = await this.decisions.record(decided);
    this.onDecided((performance.now() - startedAt) / 1000);
    if (recorded === decided) {
      await this.publisher.publishDurable(
        Subjects.consensusDecided(decided.instanceId),
        ConsensusDecided,
        decided,
        {
          id: `decided-${decided.instanceId}`,
        },
      );
      this.logger.info(
        { instanceId: decided.instanceId, ballot: decided.ballot, acceptors: decided.acceptorIds.length },
        'consensus decided',
      );
    }
    return recorded;
  }

  async query(instanceId: string): Promise<ConsensusDecided> {
    const decided = await this.decisions.get(instanceId);
    if (!decided) throw new RequestRejectedError('not-found', `consensus ${instanceId} is not decided`);
    return decided;
  }
}
