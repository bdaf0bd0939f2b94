import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsNested,
  IsNonNegativeNumber,
  IsOneOf,
  IsPositiveCount,
  IsRatio,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { SEVERITIES, Severity } from './common/severity';
import { RECOVERY_ACTIONS, RecoveryAction } from './recovery.messages';

/**
 * The seed's pattern types (§2.4) plus the ones Warden's detector finds: crash loops (which
 * restart-intensity gates need to see), flapping agents, and failures correlated within a zone or a
 * host — a zone outage, a partitioned host, a host out of resources, or a correlated failure below
 * them. The seed's `network-partition` is not here: from one vantage point a silent zone is a zone
 * outage whatever cut it off, and a silent host while its zone beats is `host-partition`.
 */
export const PATTERN_TYPES = [
  'failure-spike',
  'cascading-failure',
  'performance-degradation',
  'resource-exhaustion',
  'crash-loop',
  'flapping',
  'zone-outage',
  'host-partition',
  'correlated-failure',
] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** What a pattern is about: the whole fleet, one zone, host or capability, or one agent. */
export const PATTERN_SCOPE_KINDS = ['fleet', 'zone', 'host', 'capability', 'agent'] as const;
export type PatternScopeKind = (typeof PATTERN_SCOPE_KINDS)[number];

/** Per sub-window series (`rateTrend`) are short: a trend over more steps is summarised, not listed. */
const MAX_TREND_STEPS = 64;

export class PatternScope {
  @IsOneOf(PATTERN_SCOPE_KINDS) kind!: PatternScopeKind;
  /** The zone, host id, capability or agent id; `fleet` for the fleet scope. */
  @IsIdToken() id!: string;
}

export class PatternEvidence {
  /** The failures the pattern was found in (FailureDetected.failureId); the most recent when there are more. */
  @IsIdTokenArray(MessageLimits.idsPerEvidence) failureIds!: string[];
  @IsCount() failureCount!: number;
  @IsCount() windowMs!: number;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) zones!: string[];
  @IsIdTokenArray(MessageLimits.agentsPerEvent) hostIds!: string[];
  /** Capabilities of the affected agents (cascades and degradation trends are found per capability). */
  @IsOptional() @IsIdTokenArray(MessageLimits.capabilitiesPerAgent) capabilities?: string[];
  /** Affected agents as a fraction of the agents the registry knows in the scope. */
  @IsOptional() @IsRatio() affectedFraction?: number;
  /** Agents the registry knows in the scope (the denominator of `affectedFraction`). */
  @IsOptional() @IsCount() scopeAgentCount?: number;
  /** Events per successive sub-window, oldest first; a cascade is a rising series. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TREND_STEPS)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  rateTrend?: number[];
  /** How many events a steady fleet shows in such a window: the baseline the confidence is measured against. */
  @IsOptional() @IsNonNegativeNumber() expectedCount?: number;
  /** Health changes between good and bad (flapping) counted in the window. */
  @IsOptional() @IsCount() transitionCount?: number;
  /** Restarts (new incarnations) followed by a failure, counted in the window (crash loops). */
  @IsOptional() @IsCount() restartCount?: number;
  @IsOptional() @IsBoundedText(MessageLimits.detailLength) note?: string;
}

/**
 * A pattern across failures (several agents, or one agent repeatedly); durable. One incident keeps
 * its `patternId` while it grows: each change (more agents, a graver type or severity) is published
 * again with the next `revision`, so consumers fold revisions by `patternId` and keep the highest.
 */
@MessageType('warden.pattern.detected.v1', { maxBytes: 128 * 1024 })
export class PatternDetected {
  @IsIdToken() patternId!: string;
  /** 1 for the first publication of the incident, then 2, 3… */
  @IsPositiveCount() revision!: number;
  @IsOneOf(PATTERN_TYPES) patternType!: PatternType;
  @IsNested(() => PatternScope) scope!: PatternScope;
  @IsOneOf(SEVERITIES) severity!: Severity;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) affectedAgentIds!: string[];
  /** How sure the detector is, in [0, 1]. */
  @IsRatio() confidence!: number;
  @IsNested(() => PatternEvidence) evidence!: PatternEvidence;
  @IsOptional() @IsOneOf(RECOVERY_ACTIONS) recommendedAction?: RecoveryAction;
  @IsIdToken() detectedBy!: string;
  @IsTimestamp() detectedAt!: string;
  /** Until when the pattern explains failures of its agents unless a later revision extends it. */
  @IsTimestamp() activeUntil!: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
}
