import {
  Subjects,
  VoteBallot,
  VoteOutcome,
  VoteQuestion,
  createMessage,
  parseMessage,
  type VoteCall,
} from '@warden/contracts';
import { RequestRejectedError, type KvBucket, type KvRecords, type Publisher } from '@warden/messaging';
import { VoteTally } from './vote-tally';

export const voteKey = (voteId: string): string => `vote.${voteId}`;

/**
 * The vote helper: asks every participant on `agent.<id>.vote`, tallies until the quorum rule decides or
 * the deadline passes, and records the outcome with a create in the `consensus` bucket, so replicas that
 * ran the same vote concurrently (or a caller retrying) all return the first recorded outcome.
 */
export class VoteService {
  private readonly outcomes: KvRecords<VoteOutcome>;

  constructor(
    private readonly publisher: Publisher,
    consensus: KvBucket,
  ) {
    this.outcomes = consensus.records((value) => parseMessage(VoteOutcome, value));
  }

  async call(call: VoteCall): Promise<VoteOutcome> {
    const recorded = await this.recorded(call.voteId);
    if (recorded) return recorded;
    const participants = [...new Set(call.participantIds)];
    const requiredYes = call.requiredYes ?? Math.floor(participants.length / 2) + 1;
    if (requiredYes > participants.length) {
      throw new RequestRejectedError(
        'rejected',
        `${requiredYes} yes votes required of ${participants.length} participants`,
      );
    }
    const tally = await this.tally(call, participants, requiredYes);
    const outcome = createMessage(VoteOutcome, {
      voteId: call.voteId,
      outcome: tally.outcome ?? tally.expire(),
      yes: [...tally.yes].sort(),
      no: [...tally.no].sort(),
      silent: tally.silent,
      decidedAt: new Date().toISOString(),
    });
    return this.record(outcome);
  }

  private tally(call: VoteCall, participants: string[], requiredYes: number): Promise<VoteTally> {
    const tally = new VoteTally(participants, requiredYes);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        tally.expire();
        resolve(tally);
      }, call.deadlineMs);
      const settle = (verdict: string | undefined) => {
        if (!verdict) return;
        clearTimeout(timer);
        resolve(tally);
      };
      for (const agentId of participants) {
        this.publisher
          .request(
            Subjects.agentVote(agentId),
            VoteQuestion,
            { voteId: call.voteId, proposal: call.proposal },
            VoteBallot,
            { timeoutMs: call.deadlineMs },
          )
          .then(
            (ballot) => settle(tally.ballot(agentId, ballot.accept)),
            () => settle(tally.unreachableParticipant(agentId)),
          );
      }
    });
  }

  private async recorded(voteId: string): Promise<VoteOutcome | undefined> {
    return (await this.outcomes.get(voteKey(voteId)))?.value;
  }

  /** The first recorded outcome wins: a replica that ran the same vote, or a retried call, returns it. */
  private async record(outcome: VoteOutcome): Promise<VoteOutcome> {
    return (await this.outcomes.createOnce(voteKey(outcome.voteId), outcome)).stored.value;
  }
}
