import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsIdToken,
  IsIdTokenArray,
  IsNestedArray,
  IsOneOf,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { SEVERITIES, Severity } from './common/severity';

/**
 * How far a problem has gone past automatic recovery, in order:
 * - automatic: the coordinator took a wider automatic step (replace instead of restart, drain a host);
 * - operator: automation gave up; a human on call must act;
 * - incident: fleet-level impact; an incident is declared.
 */
export const ESCALATION_LEVELS = ['automatic', 'operator', 'incident'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const EVIDENCE_KINDS = ['failure', 'pattern', 'recovery', 'escalation', 'breaker'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One event in the chain that led to an escalation, oldest first. `ref` is the event's domain id. */
export class EvidenceLink {
  @IsOneOf(EVIDENCE_KINDS) kind!: EvidenceKind;
  @IsIdToken() ref!: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
  @IsTimestamp() at!: string;
}

@MessageType('warden.escalation.raised.v1', { maxBytes: 64 * 1024 })
export class Escalation {
  @IsIdToken() escalationId!: string;
  @IsOneOf(ESCALATION_LEVELS) level!: EscalationLevel;
  @IsOneOf(SEVERITIES) severity!: Severity;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) agentIds!: string[];
  @IsNestedArray(() => EvidenceLink, MessageLimits.evidenceChainLinks, 1)
  evidence!: EvidenceLink[];
  /** The escalation this one raises further, if any. */
  @IsOptional() @IsIdToken() previousEscalationId?: string;
  @IsBoundedText(MessageLimits.summaryLength) reason!: string;
  @IsIdToken() raisedBy!: string;
  @IsTimestamp() raisedAt!: string;
}
