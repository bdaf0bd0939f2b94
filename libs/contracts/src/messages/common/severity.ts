/**
 * The one severity scale for failures, patterns, escalations and alerts (the seed had four: §7.14).
 * Ordered from least to most severe.
 */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) >= severityRank(minimum);
}

/** How loudly a notification interrupts people, in PagerDuty's terms: high pages, low does not. */
export const NOTIFICATION_URGENCIES = ['none', 'low', 'high'] as const;
export type NotificationUrgency = (typeof NOTIFICATION_URGENCIES)[number];

/** The severity field of PagerDuty's Events API v2, for receivers that forward there. */
export type PagerDutySeverity = 'info' | 'warning' | 'error' | 'critical';

export interface NotificationPolicy {
  urgency: NotificationUrgency;
  pagerDutySeverity: PagerDutySeverity;
  /** True when an unacknowledged notification escalates at once instead of after the escalation timeout. */
  escalatesImmediately: boolean;
}

/**
 * The documented mapping from severity to notification urgency:
 * - low: self-healing is expected; kept in the alert history, nobody is notified.
 * - medium: intervention recommended; a low-urgency notification (chat, webhook), no page.
 * - high: immediate action required; pages the on-call.
 * - critical: system stability at risk; pages the on-call and escalates at once.
 */
export const NOTIFICATION_POLICY_BY_SEVERITY: Readonly<Record<Severity, NotificationPolicy>> = {
  low: { urgency: 'none', pagerDutySeverity: 'info', escalatesImmediately: false },
  medium: { urgency: 'low', pagerDutySeverity: 'warning', escalatesImmediately: false },
  high: { urgency: 'high', pagerDutySeverity: 'error', escalatesImmediately: false },
  critical: { urgency: 'high', pagerDutySeverity: 'critical', escalatesImmediately: true },
};

export function notificationUrgencyOf(severity: Severity): NotificationUrgency {
  return NOTIFICATION_POLICY_BY_SEVERITY[severity].urgency;
}
