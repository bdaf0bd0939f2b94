import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsOneOf,
  IsPositiveCount,
  IsRatio,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/**
 * A load balancer replica moved the circuit breaker of one agent. Every replica applies the
 * transitions of the others (highest `generation` wins, ties broken by replica id) so they converge on
 * one state per agent; the alert manager consumes them durably.
 */
@MessageType('warden.breaker.transition.v1', { maxBytes: 4 * 1024 })
export class BreakerTransition {
  @IsIdToken() agentId!: string;
  @IsOneOf(BREAKER_STATES) previousState!: BreakerState;
  @IsOneOf(BREAKER_STATES) state!: BreakerState;
  /** Increases by one per transition of this agent's breaker, fleet-wide. */
  @IsPositiveCount() generation!: number;
  /** How many times the breaker opened in a row without closing: the open time grows with it. */
  @IsCount() consecutiveOpenings!: number;
  /** Present when `state` is open: when trial calls may start. */
  @IsOptional() @IsTimestamp() openUntil?: string;
  /** Failure ratio over the window at the time of the transition. */
  @IsRatio() failureRatio!: number;
  @IsCount() consecutiveFailures!: number;
  @IsBoundedText(MessageLimits.summaryLength) reason!: string;
  @IsIdToken() decidedBy!: string;
  @IsTimestamp() decidedAt!: string;
}
