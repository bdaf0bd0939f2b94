import { IsOptional } from 'class-validator';
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

/**
 * A double barrier (ZooKeeper's recipe) has two phases: everyone `enter`s before anyone starts, and
 * everyone `leave`s before anyone goes on. A plain barrier is the `enter` phase alone.
 */
export const BARRIER_PHASES = ['enter', 'leave'] as const;
export type BarrierPhase = (typeof BARRIER_PHASES)[number];

/**
 * How a barrier phase ended, the same for every participant: `released` (all arrived), `broken` (a
 * participant was convicted as failed, or asked with a different participant count), `timed-out`.
 */
export const BARRIER_OUTCOMES = ['released', 'broken', 'timed-out'] as const;
export type BarrierOutcome = (typeof BARRIER_OUTCOMES)[number];

/**
 * A participant reaching a synchronisation barrier. The reply (BarrierReleased) comes when all
 * `expectedParticipants` have arrived, or when the barrier breaks or times out, so the request timeout
 * must cover `timeoutMs`.
 */
@MessageType('warden.sync.barrier-arrival.v1', { maxBytes: 2 * 1024 })
export class BarrierArrival {
  @IsIdToken() barrierId!: string;
  @IsIdToken() participantId!: string;
  @IsIntegerBetween(1, MessageLimits.agentsPerEvent) expectedParticipants!: number;
  @IsIntegerBetween(1, 10 * 60 * 1000) timeoutMs!: number;
  /** Default `enter`. */
  @IsOptional() @IsOneOf(BARRIER_PHASES) phase?: BarrierPhase;
}

@MessageType('warden.sync.barrier-released.v1', { maxBytes: 160 * 1024 })
export class BarrierReleased {
  @IsIdToken() barrierId!: string;
  /** The participants that had arrived when the phase ended. */
  @IsIdTokenArray(MessageLimits.agentsPerEvent) participantIds!: string[];
  @IsTimestamp() releasedAt!: string;
  /** Absent in v1 senders: `released`. */
  @IsOptional() @IsOneOf(BARRIER_OUTCOMES) outcome?: BarrierOutcome;
  @IsOptional() @IsOneOf(BARRIER_PHASES) phase?: BarrierPhase;
  /** `broken`: the participants whose failure broke the barrier. */
  @IsOptional() @IsIdTokenArray(MessageLimits.agentsPerEvent) failedParticipantIds?: string[];
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) reason?: string;
}
