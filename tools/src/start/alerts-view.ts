import type { AlertList, AlertView } from '@warden/contracts';

/** The alerts section of the live view: what the alert manager reports as firing now. */
export interface AlertsView {
  /** `waiting`: never answered; `absent`: nothing answers (alert-manager not built or not running). */
  readonly status: 'waiting' | 'answering' | 'absent';
  readonly firing: number;
  /** Firing but silenced or inhibited (folded into an incident). */
  readonly suppressed: number;
  /** Newest first, at most ALERTS_SHOWN. */
  readonly latest: readonly LatestAlertView[];
}

export interface LatestAlertView {
  readonly startsAt: number;
  readonly severity: string;
  readonly summary: string;
  readonly suppressed: boolean;
}

export const ALERTS_SHOWN = 5;

export const WAITING_FOR_ALERTS: AlertsView = { status: 'waiting', firing: 0, suppressed: 0, latest: [] };

/** Folds the alert manager's list reply into the view: counts and the newest alerts first. */
export function alertsViewOf(list: AlertList): AlertsView {
  const firing = list.alerts.filter((alert) => alert.state !== 'resolved');
  const suppressed = firing.filter((alert) => alert.state === 'suppressed').length;
  const latest = [...firing]
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt))
    .slice(0, ALERTS_SHOWN)
    .map((alert) => ({
      startsAt: Date.parse(alert.startsAt),
      severity: labelOf(alert, 'severity') ?? '-',
      summary: alert.summary,
      suppressed: alert.state === 'suppressed',
    }));
  return {
    status: 'answering',
    firing: firing.length + list.truncatedAlerts,
    suppressed,
    latest,
  };
}

function labelOf(alert: AlertView, name: string): string | undefined {
  return alert.labels.find((label) => label.name === name)?.value;
}
