import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsNested,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/** What a host is asked to do with an agent process. `replace` starts a fresh agent and retires the old. */
export const RECOVERY_ACTIONS = ['restart', 'replace', 'drain', 'stop'] as const;
export type RecoveryAction = (typeof RECOVERY_ACTIONS)[number];

/** What caused a recovery: at least one of the ids, and always a human summary. */
export class RecoveryReason {
  @IsOptional() @IsIdToken() failureId?: string;
  @IsOptional() @IsIdToken() patternId?: string;
  @IsOptional() @IsIdToken() escalationId?: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
}

/**
 * Sent by the recovery coordinator to `host.<hostId>.control` (request/reply, answered by CommandReceipt).
 * The host rejects a command whose `fencingToken` is lower than one it has already seen, so a deposed
 * coordinator leader cannot act, and ignores commands for an `incarnation` that is no longer running.
 */
@MessageType('warden.recovery.command.v1', { maxBytes: 8 * 1024 })
export class RecoveryCommand {
  @IsIdToken() commandId!: string;
  @IsOneOf(RECOVERY_ACTIONS) action!: RecoveryAction;
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsPositiveCount() incarnation!: number;
  @IsCount() fencingToken!: number;
  /** 1 for the first attempt on this failure, then 2, 3… (the restart-intensity gate counts these). */
  @IsPositiveCount() attempt!: number;
  /** How long the host may take before the coordinator treats the command as timed out. */
  @IsPositiveCount() timeoutMs!: number;
  /**
   * For restart, replace and stop: how long in-flight work may run before the process is ended; 0 kills
   * it at once (a hung agent). Absent: the host's own grace.
   */
  @IsOptional() @IsCount() graceMs?: number;
  @IsNested(() => RecoveryReason) reason!: RecoveryReason;
  @IsIdToken() issuedBy!: string;
  @IsTimestamp() issuedAt!: string;
}

/** The steps of a recovery as the coordinator records them. `suppressed`: a gate refused it (then escalated). */
export const RECOVERY_PHASES = ['commanded', 'succeeded', 'failed', 'timed-out', 'suppressed'] as const;
export type RecoveryPhase = (typeof RECOVERY_PHASES)[number];

/** A durable record of one recovery step, for alerting, escalation and operators' replay. */
@MessageType('warden.recovery.event.v1', { maxBytes: 16 * 1024 })
export class RecoveryEvent {
  @IsIdToken() commandId!: string;
  @IsOneOf(RECOVERY_PHASES) phase!: RecoveryPhase;
  @IsOneOf(RECOVERY_ACTIONS) action!: RecoveryAction;
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsPositiveCount() incarnation!: number;
  @IsCount() fencingToken!: number;
  @IsPositiveCount() attempt!: number;
  @IsNested(() => RecoveryReason) reason!: RecoveryReason;
  /** When the next attempt is due after a `failed` or `timed-out` step; absent when none will follow. */
  @IsOptional() @IsCount() retryInMs?: number;
  @IsOptional() @IsBoundedText(MessageLimits.detailLength) detail?: string;
  @IsTimestamp() occurredAt!: string;
}
