import type { AlertLabel, AlertView } from '@warden/contracts';
import { isResolved, type AlertRecord } from './alert';

export interface MuteState {
  silencedBy: string[];
  inhibitedBy: string[];
}

export function labelListOf(labels: Readonly<Record<string, string>>): AlertLabel[] {
  return Object.keys(labels)
    .sort()
    .slice(0, 32)
    .map((name) => ({ name, value: labels[name].slice(0, 256) }));
}

/** The contract view of an alert: its labels, and whether it is muted and by what. */
export function alertViewOf(alert: AlertRecord, mute: MuteState, now: number): AlertView {
  const resolved = isResolved(alert, now);
  const muted = mute.silencedBy.length > 0 || mute.inhibitedBy.length > 0;
  return {
    fingerprint: alert.fingerprint,
    labels: labelListOf(alert.labels),
    state: resolved ? 'resolved' : muted ? 'suppressed' : 'active',
    silencedBy: mute.silencedBy.slice(0, 32),
    inhibitedBy: mute.inhibitedBy.slice(0, 32),
    summary: (alert.annotations.summary ?? alert.labels.alertname ?? alert.fingerprint).slice(0, 512) || '-',
    startsAt: new Date(alert.startsAt).toISOString(),
    ...(alert.endsAt !== undefined ? { endsAt: new Date(alert.endsAt).toISOString() } : {}),
    updatedAt: new Date(alert.updatedAt).toISOString(),
  };
}
