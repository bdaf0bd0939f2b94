import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsNested,
  IsOneOf,
  IsRatio,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { SEVERITIES, Severity } from './common/severity';
import { RECOVERY_ACTIONS, RecoveryAction } from './recovery.messages';

/** The seed's pattern types (§2.4) plus crash loops, which restart-intensity gates need to see. */
export const PATTERN_TYPES = [
  'failure-spike',
  'cascading-failure',
  'performance-degradation',
  'resource-exhaustion',
  'network-partition',
  'crash-loop',
] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

export class PatternEvidence {
  /** The failures the pattern was found in (FailureDetected.failureId). */
  @IsIdTokenArray(MessageLimits.idsPerEvidence) failureIds!: string[];
  @IsCount() failureCount!: number;
  @IsCount() windowMs!: number;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) zones!: string[];
  @IsIdTokenArray(MessageLimits.agentsPerEvent) hostIds!: string[];
  @IsOptional() @IsBoundedText(MessageLimits.detailLength) note?: string;
}

/** A pattern across failures (several agents, or one agent repeatedly); durable. */
@MessageType('warden.pattern.detected.v1', { maxBytes: 128 * 1024 })
export class PatternDetected {
  @IsIdToken() patternId!: string;
  @IsOneOf(PATTERN_TYPES) patternType!: PatternType;
  @IsOneOf(SEVERITIES) severity!: Severity;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) affectedAgentIds!: string[];
  /** How sure the detector is, in [0, 1]. */
  @IsRatio() confidence!: number;
  @IsNested(() => PatternEvidence) evidence!: PatternEvidence;
  @IsOptional() @IsOneOf(RECOVERY_ACTIONS) recommendedAction?: RecoveryAction;
  @IsIdToken() detectedBy!: string;
  @IsTimestamp() detectedAt!: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
}
