import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { AlertLabel } from './alert.messages';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsNested,
  IsNestedArray,
  IsOneOf,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/** Alerts in one list reply or one notice; more are counted in `truncatedAlerts`, as Alertmanager's `max_alerts`. */
export const ALERT_LIST_MAX_ALERTS = 500;
export const ALERT_NOTICE_MAX_ALERTS = 50;
const MATCHERS_PER_FILTER = 32;

/** A label matcher as Alertmanager's v2 API spells it: `isEqual: false` negates, `isRegex` makes value an anchored RE2-style regex. */
export class AlertMatcher {
  @IsIdToken() name!: string;
  @IsBoundedText(1024, 0) value!: string;
  @IsBoolean() isRegex!: boolean;
  @IsBoolean() isEqual!: boolean;
}

export const ALERT_VIEW_STATES = ['active', 'suppressed', 'resolved'] as const;
export type AlertViewState = (typeof ALERT_VIEW_STATES)[number];

/** One alert as an operator sees it: its labels, whether it is muted and by what, and its incident. */
export class AlertView {
  @IsIdToken() fingerprint!: string;
  @IsNestedArray(() => AlertLabel, 32) labels!: AlertLabel[];
  @IsOneOf(ALERT_VIEW_STATES) state!: AlertViewState;
  @IsIdTokenArray(MATCHERS_PER_FILTER) silencedBy!: string[];
  @IsIdTokenArray(MATCHERS_PER_FILTER) inhibitedBy!: string[];
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
  @IsTimestamp() startsAt!: string;
  @IsOptional() @IsTimestamp() endsAt?: string;
  @IsTimestamp() updatedAt!: string;
}

/** Request: the alerts matching every matcher of `filter` (all when empty); resolved ones only when asked. */
@MessageType('warden.alert.query.list.v1', { maxBytes: 16 * 1024 })
export class AlertListQuery {
  @IsOptional() @IsNestedArray(() => AlertMatcher, MATCHERS_PER_FILTER) filter?: AlertMatcher[];
  @IsOptional() @IsBoolean() includeResolved?: boolean;
}

@MessageType('warden.alert.query.list-reply.v1', { maxBytes: 900 * 1024 })
export class AlertList {
  @IsNestedArray(() => AlertView, ALERT_LIST_MAX_ALERTS) alerts!: AlertView[];
  @IsCount() truncatedAlerts!: number;
}

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export type SilenceState = (typeof SILENCE_STATES)[number];

@MessageType('warden.alert.silence.view.v1', { maxBytes: 16 * 1024 })
export class SilenceView {
  @IsIdToken() silenceId!: string;
  @IsNestedArray(() => AlertMatcher, MATCHERS_PER_FILTER, 1) matchers!: AlertMatcher[];
  @IsTimestamp() startsAt!: string;
  @IsTimestamp() endsAt!: string;
  @IsBoundedText(256) createdBy!: string;
  @IsBoundedText(MessageLimits.detailLength, 0) comment!: string;
  @IsOneOf(SILENCE_STATES) state!: SilenceState;
  @IsTimestamp() updatedAt!: string;
}

/** Request: every silence; expired ones only when asked. */
@MessageType('warden.alert.silence.list.v1', { maxBytes: 1024 })
export class SilenceListQuery {
  @IsOptional() @IsBoolean() includeExpired?: boolean;
}

@MessageType('warden.alert.silence.list-reply.v1', { maxBytes: 900 * 1024 })
export class SilenceList {
  @IsNestedArray(() => SilenceView, 1000) silences!: SilenceView[];
}

/** Request: create a silence, or replace the one named by `silenceId`. Replied with the stored SilenceView. */
@MessageType('warden.alert.silence.create.v1', { maxBytes: 16 * 1024 })
export class SilenceCreate {
  @IsOptional() @IsIdToken() silenceId?: string;
  @IsNestedArray(() => AlertMatcher, MATCHERS_PER_FILTER, 1) matchers!: AlertMatcher[];
  /** Absent: now. */
  @IsOptional() @IsTimestamp() startsAt?: string;
  @IsTimestamp() endsAt!: string;
  @IsBoundedText(256) createdBy!: string;
  @IsBoundedText(MessageLimits.detailLength, 0) comment!: string;
}

/** Request: end a silence now. Replied with the expired SilenceView, or RemoteError not-found. */
@MessageType('warden.alert.silence.expire.v1', { maxBytes: 1024 })
export class SilenceExpire {
  @IsIdToken() silenceId!: string;
}

export const INCIDENT_STATES = ['triggered', 'acknowledged', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export class IncidentView {
  @IsIdToken() incidentId!: string;
  @IsBoundedText(1024) groupKey!: string;
  @IsOneOf(INCIDENT_STATES) state!: IncidentState;
  /** Escalation steps notified so far (level and loop folded into one count). */
  @IsCount() escalationStep!: number;
  @IsOptional() @IsBoundedText(256) acknowledgedBy?: string;
  @IsOptional() @IsTimestamp() acknowledgedAt?: string;
  @IsTimestamp() openedAt!: string;
  @IsTimestamp() updatedAt!: string;
}

/** Request: an operator takes an incident; escalation stops until the acknowledgement times out. */
@MessageType('warden.alert.incident.ack.v1', { maxBytes: 2 * 1024 })
export class IncidentAcknowledge {
  @IsIdToken() incidentId!: string;
  @IsBoundedText(256) acknowledgedBy!: string;
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) comment?: string;
}

@MessageType('warden.alert.incident.view.v1', { maxBytes: 4 * 1024 })
export class IncidentReply {
  @IsNested(() => IncidentView) incident!: IncidentView;
}

export const NOTICE_STATUSES = ['firing', 'resolved'] as const;

/**
 * What a NATS receiver gets: one notification of one alert group, the same facts as the webhook's
 * Alertmanager v4 payload. `fencingToken` is the sender's leadership token, so a consumer can drop a
 * notice from a deposed sender.
 */
@MessageType('warden.alert.group-notice.v1', { maxBytes: 60 * 1024 })
export class AlertGroupNotice {
  @IsIdToken() receiver!: string;
  @IsBoundedText(1024) groupKey!: string;
  @IsOneOf(NOTICE_STATUSES) status!: 'firing' | 'resolved';
  @IsNestedArray(() => AlertLabel, 32) groupLabels!: AlertLabel[];
  @IsNestedArray(() => AlertView, ALERT_NOTICE_MAX_ALERTS) alerts!: AlertView[];
  @IsCount() truncatedAlerts!: number;
  @IsBoundedText(64) reason!: string;
  @IsOptional() @IsIdToken() incidentId?: string;
  @IsCount() fencingToken!: number;
  @IsTimestamp() sentAt!: string;
}
