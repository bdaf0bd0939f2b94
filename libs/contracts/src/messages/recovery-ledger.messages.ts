import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsIntegerBetween,
  IsNestedArray,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { RECOVERY_ACTIONS, RecoveryAction } from './recovery.messages';

/** OTP's supervision strategies, by agent group; `escalate` hands every failure of the group to a human. */
export const SUPERVISION_STRATEGIES = ['one_for_one', 'one_for_all', 'rest_for_one', 'escalate'] as const;
export type SupervisionStrategy = (typeof SUPERVISION_STRATEGIES)[number];

/** OTP's restart types: always, only after an abnormal end, never. */
export const RESTART_TYPES = ['permanent', 'transient', 'temporary'] as const;
export type RestartType = (typeof RESTART_TYPES)[number];

/**
 * What the coordinator does about a diagnosis: restart (gracefully, or killing a hung process), drain
 * then replace (a leak), drain and quarantine from routing (slow), replace elsewhere (a dead host or
 * zone), escalate to a human, or nothing.
 */
export const RECOVERY_PLANS = [
  'restart',
  'restart-kill',
  'drain-then-replace',
  'drain-and-quarantine',
  'replace-elsewhere',
  'escalate',
  'none',
] as const;
export type RecoveryPlan = (typeof RECOVERY_PLANS)[number];

/**
 * The kinds of entries in the recovery ledger:
 * - policy-fired: a failure or pattern chose a group, strategy and plan (a new recovery run);
 * - joined: a failure joined a run already under way (its agent was among the run's targets);
 * - delayed: the backoff before an attempt; committed / succeeded / failed: an attempt and its outcome;
 * - suppressed: a gate refused a restart (restart type, intensity, fleet budget);
 * - folded: a failure explained by a zone or host pattern, not recovered on its own;
 * - escalated, handed-off, quarantined: what the names say; ignored: a stale or duplicate failure.
 */
export const RECOVERY_DECISION_KINDS = [
  'policy-fired',
  'joined',
  'delayed',
  'commanded',
  'succeeded',
  'failed',
  'suppressed',
  'folded',
  'escalated',
  'handed-off',
  'quarantined',
  'ignored',
] as const;
export type RecoveryDecisionKind = (typeof RECOVERY_DECISION_KINDS)[number];

/** Agents one ledger entry names at most (a group restart names every member). */
export const LEDGER_AGENTS_PER_ENTRY = 256;
/** Failures one ledger entry names at most (the newest when there are more). */
export const LEDGER_FAILURES_PER_ENTRY = 64;

/**
 * One decision of the recovery coordinator, durable on `supervision.ledger.entry.<group>.<target>`:
 * which policy fired, each attempt, delay and outcome, every gate that refused, every escalation. The
 * fields that apply to the kind are set; `runId` links the entries of one recovery run.
 */
@MessageType('warden.recovery.decision.v1', { maxBytes: 64 * 1024 })
export class RecoveryDecision {
  /** Derived from what was decided, so re-publishing the same decision is de-duplicated. */
  @IsIdToken() decisionId!: string;
  @IsOneOf(RECOVERY_DECISION_KINDS) kind!: RecoveryDecisionKind;
  /** The policy group that fired; `fleet` for decisions about the whole fleet (the restart budget). */
  @IsIdToken() group!: string;
  @IsOptional() @IsIdToken() runId?: string;
  @IsOptional() @IsOneOf(SUPERVISION_STRATEGIES) strategy?: SupervisionStrategy;
  @IsOptional() @IsOneOf(RESTART_TYPES) restartType?: RestartType;
  @IsOptional() @IsOneOf(RECOVERY_PLANS) plan?: RecoveryPlan;
  /** The failure type or pattern type the plan was chosen for. */
  @IsOptional() @IsIdToken() diagnosis?: string;
  @IsOptional() @IsIdToken() agentId?: string;
  @IsOptional() @IsIdToken() hostId?: string;
  @IsOptional() @IsPositiveCount() incarnation?: number;
  /** Every agent a group decision acts on (the siblings of one_for_all and rest_for_one). */
  @IsOptional() @IsIdTokenArray(LEDGER_AGENTS_PER_ENTRY) affectedAgentIds?: string[];
  @IsOptional() @IsIdTokenArray(LEDGER_FAILURES_PER_ENTRY) failureIds?: string[];
  @IsOptional() @IsIdToken() patternId?: string;
  @IsOptional() @IsIdToken() commandId?: string;
  @IsOptional() @IsOneOf(RECOVERY_ACTIONS) action?: RecoveryAction;
  @IsOptional() @IsPositiveCount() attempt?: number;
  @IsOptional() @IsCount() delayMs?: number;
  @IsOptional() @IsCount() fencingToken?: number;
  @IsOptional() @IsIdToken() escalationId?: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
  @IsIdToken() decidedBy!: string;
  @IsTimestamp() decidedAt!: string;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Request on `supervision.ledger.query`: the ledger of one agent (`agentId`) or one policy group
 * (`group`) — exactly one of the two — newest `limit` entries within `lookbackMs`.
 */
@MessageType('warden.recovery.history-query.v1', { maxBytes: 1024 })
export class RecoveryHistoryQuery {
  @IsOptional() @IsIdToken() agentId?: string;
  @IsOptional() @IsIdToken() group?: string;
  @IsOptional() @IsIntegerBetween(1, 500) limit?: number;
  @IsOptional() @IsIntegerBetween(1, WEEK_MS) lookbackMs?: number;
}

/** The reply: entries oldest first; `truncated` when older ones within the lookback were left out. */
@MessageType('warden.recovery.history.v1', { maxBytes: 768 * 1024 })
export class RecoveryHistory {
  @IsNestedArray(() => RecoveryDecision, 500) entries!: RecoveryDecision[];
  @IsBoolean() truncated!: boolean;
}
