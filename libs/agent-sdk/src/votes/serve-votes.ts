import { Subjects, VoteBallot, VoteQuestion, createMessage } from '@warden/contracts';
import type { CoreSubscription, Messaging } from '@warden/messaging';

/** An agent's answer to a proposal: accept or not, with an optional reason for the record. */
export type VoteDecider = (
  proposal: string,
  voteId: string,
) => boolean | { accept: boolean; reason?: string } | Promise<boolean | { accept: boolean; reason?: string }>;

/**
 * Makes an agent a voter: answers `agent.<agentId>.vote` with `decide`'s verdict. A decider that throws
 * answers with an error, which the coordinator counts as no yes vote.
 */
export function serveVotes(
  messaging: Messaging,
  agentId: string,
  decide: VoteDecider,
): Promise<CoreSubscription> {
  return messaging.serveRequests(
    Subjects.agentVote(agentId),
    VoteQuestion,
    async (question) => {
      const verdict = await decide(question.proposal, question.voteId);
      const { accept, reason } =
        typeof verdict === 'boolean' ? { accept: verdict, reason: undefined } : verdict;
      return createMessage(VoteBallot, {
        voteId: question.voteId,
        agentId,
        accept,
        ...(reason === undefined ? {} : { reason }),
      });
    },
    { queue: agentId, concurrency: 4 },
  );
}
