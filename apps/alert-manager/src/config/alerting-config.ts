import type { InhibitionRule, TopologyInhibition } from '../inhibition/inhibition-rule';
import type { EscalationPolicy } from '../incidents/escalation-policy';
import type { Route } from '../routing/route';

export const RECEIVER_KINDS = ['webhook', 'slack', 'nats', 'log'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** How a failing receiver is retried within one notification before the attempt is recorded as failed. */
export interface RetryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface ReceiverConfig {
  name: string;
  kind: ReceiverKind;
  /** webhook and slack: where to POST. */
  url?: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** webhook: alerts per payload, the rest counted in `truncatedAlerts` (0: all). */
  maxAlerts: number;
  sendResolved: boolean;
  retry: RetryPolicy;
}

/** The whole alerting configuration, validated: what the file says with every default filled in. */
export interface AlertingConfig {
  route: Route;
  receivers: ReadonlyMap<string, ReceiverConfig>;
  inhibitRules: readonly InhibitionRule[];
  topologyInhibition: TopologyInhibition;
  escalationPolicies: ReadonlyMap<string, EscalationPolicy>;
  /** An alert with no end that is not renewed for this long resolves (Alertmanager's resolve_timeout). */
  resolveTimeoutMs: number;
  /** Resolved alerts are kept (and listed) this long, then removed from the store. */
  resolvedRetentionMs: number;
  /** Shown as externalURL in payloads and links. */
  externalUrl: string;
  /** The document as read, for GET /api/v2/status. */
  original: string;
}
