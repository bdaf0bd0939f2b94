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
import { NOTIFICATION_URGENCIES, NotificationUrgency, SEVERITIES, Severity } from './common/severity';
import { EvidenceLink } from './escalation.messages';

export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export class AlertLabel {
  @IsIdToken() name!: string;
  @IsBoundedText(256) value!: string;
}

/**
 * An alert as the alert manager decided it (after grouping and silences); the ALERTS stream keeps the
 * history. `urgency` follows NOTIFICATION_POLICY_BY_SEVERITY unless a route overrides it.
 */
@MessageType('warden.alert.notification.v1', { maxBytes: 64 * 1024 })
export class AlertNotification {
  /** Stable for one alert from firing to resolved (the grouping key's fingerprint). */
  @IsIdToken() alertId!: string;
  @IsOneOf(ALERT_STATUSES) status!: AlertStatus;
  @IsOneOf(SEVERITIES) severity!: Severity;
  @IsOneOf(NOTIFICATION_URGENCIES) urgency!: NotificationUrgency;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
  @IsIdTokenArray(MessageLimits.agentsPerEvent) agentIds!: string[];
  @IsNestedArray(() => AlertLabel, 32) labels!: AlertLabel[];
  @IsNestedArray(() => EvidenceLink, MessageLimits.evidenceChainLinks)
  evidence!: EvidenceLink[];
  @IsTimestamp() startsAt!: string;
  @IsOptional() @IsTimestamp() endsAt?: string;
  @IsTimestamp() updatedAt!: string;
}
