/** What the notification log says a receiver was last told about one group. */
export interface NotificationLogEntry {
  groupKey: string;
  receiver: string;
  /** Fingerprints reported firing / resolved in the last notification, sorted. */
  firing: string[];
  resolved: string[];
  sentAt: number;
  /** The sender's leadership token: a sender holding a lower one is deposed and must not write. */
  fencingToken: number;
  /** `sending`: written before the send; a successor finding it resends (its predecessor died mid-send). */
  state: 'sending' | 'sent';
}

export const NOTIFICATION_REASONS = ['new-alerts', 'resolved', 'repeat', 'resume'] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

export interface NotificationDecision {
  notify: boolean;
  reason?: NotificationReason;
}

export interface DecisionInput {
  firing: readonly string[];
  resolved: readonly string[];
  repeatIntervalMs: number;
  sendResolved: boolean;
  now: number;
}

/**
 * Alertmanager's "needs update" against the notification log, plus resumption: notify when an alert
 * fires that the receiver was not told about, when one it was told about resolved (if it wants
 * resolved notifications), when the repeat interval has passed while something still fires, or when the
 * last send was started but never confirmed. Alerts that fired and resolved between two flushes are
 * never sent.
 */
export function decideNotification(
  entry: NotificationLogEntry | undefined,
  input: DecisionInput,
): NotificationDecision {
  if (!entry) return input.firing.length > 0 ? { notify: true, reason: 'new-alerts' } : { notify: false };
  if (entry.state === 'sending') return { notify: true, reason: 'resume' };
  const told = new Set(entry.firing);
  if (input.firing.some((fingerprint) => !told.has(fingerprint)))
    return { notify: true, reason: 'new-alerts' };
  if (input.sendResolved && input.resolved.some((fingerprint) => told.has(fingerprint)))
    return { notify: true, reason: 'resolved' };
  if (input.firing.length > 0 && input.now - entry.sentAt >= input.repeatIntervalMs)
    return { notify: true, reason: 'repeat' };
  return { notify: false };
}
