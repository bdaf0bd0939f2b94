import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsIdToken,
  IsIdTokenArray,
  IsIntegerBetween,
  IsOneOf,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { CONSENSUS_VALUE_MAX_CHARS } from './consensus.messages';

/**
 * `accepted`: at least `requiredYes` participants said yes; `rejected`: enough said no (or failed to
 * answer in time) that acceptance became impossible; `expired`: the deadline came first.
 */
export const VOTE_OUTCOMES = ['accepted', 'rejected', 'expired'] as const;
export type VoteOutcomeKind = (typeof VOTE_OUTCOMES)[number];

/** Request to the consensus coordinator: ask `participantIds` to accept or reject `proposal`. */
@MessageType('warden.vote.call.v1', { maxBytes: 48 * 1024 })
export class VoteCall {
  @IsIdToken() voteId!: string;
  @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) proposal!: string;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) participantIds!: string[];
  /** Yes votes needed; default a majority of the participants. */
  @IsOptional() @IsIntegerBetween(1, MessageLimits.agentsPerEvent) requiredYes?: number;
  @IsIntegerBetween(10, 10 * 60 * 1000) deadlineMs!: number;
  @IsIdToken() calledBy!: string;
}

/** The question to one agent, on `agent.<agentId>.vote`. */
@MessageType('warden.vote.question.v1', { maxBytes: 48 * 1024 })
export class VoteQuestion {
  @IsIdToken() voteId!: string;
  @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) proposal!: string;
}

@MessageType('warden.vote.ballot.v1', { maxBytes: 2 * 1024 })
export class VoteBallot {
  @IsIdToken() voteId!: string;
  @IsIdToken() agentId!: string;
  @IsBoolean() accept!: boolean;
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) reason?: string;
}

/** The outcome, the same for every caller: it is decided once through Paxos among the participants. */
@MessageType('warden.vote.outcome.v1', { maxBytes: 160 * 1024 })
export class VoteOutcome {
  @IsIdToken() voteId!: string;
  @IsOneOf(VOTE_OUTCOMES) outcome!: VoteOutcomeKind;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) yes!: string[];
  @IsIdTokenArray(MessageLimits.agentsPerEvent) no!: string[];
  /** Participants that did not answer before the outcome was known. */
  @IsIdTokenArray(MessageLimits.agentsPerEvent) silent!: string[];
  @IsTimestamp() decidedAt!: string;
}
