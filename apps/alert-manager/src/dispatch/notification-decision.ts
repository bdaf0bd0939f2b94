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
  /**
   * Write the log entry but send the receiver nothing: every alert it was told about has resolved and it
   * does not want resolved notifications, or none of them is left in the group to report. Alertmanager's
   * RetryStage does the same (an all-resolved notification to a `send_resolved: false` integration counts
   * as sent without a request), so that the next firing of those alerts is new to the receiver.
   */
  logOnly?: true;
}

export interface DecisionInput {
  firing: readonly string[];
  resolved: readonly string[];
  repeatIntervalMs: number;
  sendResolved: boolean;
  now: number;
}

/**
 * Alertmanager's DedupStage.needsUpdate against the notification log, plus resumption: notify when an
 * alert fires that the receiver was not told about; when every alert it was told about has resolved
 * (whatever `send_resolved` says: the entry must stop listing them as firing, or the same alert firing
 * again would count as known and wait for the repeat interval); when one it was told about resolved while
 * others fire (only if it wants resolved notifications); when the repeat interval has passed while
 * something still fires; or when the last send was started but never confirmed. Alerts that fired and
 * resolved between two flushes are never sent.
 */
export function decideNotification(
  entry: NotificationLogEntry | undefined,
  input: DecisionInput,
): NotificationDecision {
  if (!entry) return input.firing.length > 0 ? { notify: true, reason: 'new-alerts' } : { notify: false };
  if (entry.state === 'sending') return withDelivery(entry, input, 'resume');
  const told = new Set(entry.firing);
  if (input.firing.some((fingerprint) => !told.has(fingerprint)))
    return { notify: true, reason: 'new-alerts' };
  if (input.firing.length === 0)
    return entry.firing.length > 0 ? withDelivery(entry, input, 'resolved') : { notify: false };
  if (input.sendResolved && input.resolved.some((fingerprint) => told.has(fingerprint)))
    return { notify: true, reason: 'resolved' };
  if (input.now - entry.sentAt >= input.repeatIntervalMs) return { notify: true, reason: 'repeat' };
  return { notify: false };
}

/**
 * The resolved alerts a notification reports: those the receiver was last told fired, and none when it
 * does not want resolved notifications (Alertmanager drops resolved alerts from such a payload). Resuming
 * an interrupted send, the receiver may have been told everything that send carried, resolved ones too.
 */
export function resolvedToReport(
  entry: NotificationLogEntry | undefined,
  resolved: readonly string[],
  sendResolved: boolean,
): string[] {
  if (!entry || !sendResolved) return [];
  const told = new Set(entry.state === 'sending' ? [...entry.firing, ...entry.resolved] : entry.firing);
  return resolved.filter((fingerprint) => told.has(fingerprint));
}

function withDelivery(
  entry: NotificationLogEntry,
  input: DecisionInput,
  reason: NotificationReason,
): NotificationDecision {
  const nothingToSay =
    input.firing.length === 0 && resolvedToReport(entry, input.resolved, input.sendResolved).length === 0;
  return nothingToSay ? { notify: true, reason, logOnly: true } : { notify: true, reason };
}
