import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsCount, IsIdToken, IsIdTokenArray, IsNested, IsTimestamp } from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * Single-decree Paxos (prepare/promise, accept/accepted): the seed mixed it with two-phase commit's
 * prepare/commit (§7.7); Warden keeps Paxos only. The decided value is opaque text (typically JSON).
 */
export const CONSENSUS_VALUE_MAX_CHARS = 32 * 1024;

/** Ballots are ordered by `round`, then by `proposerId`, so two proposers never share one. */
export class Ballot {
  @IsCount() round!: number;
  @IsIdToken() proposerId!: string;
}

/** Request to the consensus coordinator: decide `value` for `instanceId` among `participantIds`. */
@MessageType('warden.consensus.proposal.v1', { maxBytes: 48 * 1024 })
export class ConsensusProposal {
  @IsIdToken() instanceId!: string;
  @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) value!: string;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) participantIds!: string[];
  @IsIdToken() proposedBy!: string;
}

/** Phase 1a, to `agent.<agentId>.consensus`. */
@MessageType('warden.consensus.prepare.v1', { maxBytes: 2 * 1024 })
export class ConsensusPrepare {
  @IsIdToken() instanceId!: string;
  @IsNested(() => Ballot) ballot!: Ballot;
}

/** Phase 1b. Refused (`promised` false) when the acceptor already promised `highestPromised`. */
@MessageType('warden.consensus.promise.v1', { maxBytes: 48 * 1024 })
export class ConsensusPromise {
  @IsIdToken() instanceId!: string;
  @IsIdToken() acceptorId!: string;
  @IsNested(() => Ballot) ballot!: Ballot;
  @IsBoolean() promised!: boolean;
  @IsOptional() @IsNested(() => Ballot) highestPromised?: Ballot;
  /** The last value this acceptor accepted and its ballot, which the proposer must adopt. */
  @IsOptional() @IsNested(() => Ballot) acceptedBallot?: Ballot;
  @IsOptional() @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) acceptedValue?: string;
}

/** Phase 2a, to `agent.<agentId>.consensus`. */
@MessageType('warden.consensus.accept.v1', { maxBytes: 48 * 1024 })
export class ConsensusAccept {
  @IsIdToken() instanceId!: string;
  @IsNested(() => Ballot) ballot!: Ballot;
  @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) value!: string;
}

/** Phase 2b. */
@MessageType('warden.consensus.accepted.v1', { maxBytes: 2 * 1024 })
export class ConsensusAccepted {
  @IsIdToken() instanceId!: string;
  @IsIdToken() acceptorId!: string;
  @IsNested(() => Ballot) ballot!: Ballot;
  @IsBoolean() accepted!: boolean;
  @IsOptional() @IsNested(() => Ballot) highestPromised?: Ballot;
}

/** The chosen value, durable; also the reply to a ConsensusProposal. */
@MessageType('warden.consensus.decided.v1', { maxBytes: 48 * 1024 })
export class ConsensusDecided {
  @IsIdToken() instanceId!: string;
  @IsNested(() => Ballot) ballot!: Ballot;
  @IsString() @MaxLength(CONSENSUS_VALUE_MAX_CHARS) value!: string;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) acceptorIds!: string[];
  @IsTimestamp() decidedAt!: string;
}

/** The decision of one consensus instance; answered with ConsensusDecided or RemoteError `not-found`. */
@MessageType('warden.consensus.query.v1', { maxBytes: 1024 })
export class ConsensusQuery {
  @IsIdToken() instanceId!: string;
}
