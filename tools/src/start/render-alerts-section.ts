import { styled } from './ansi';
import { WAITING_FOR_ALERTS } from './alerts-view';
import type { FleetViewState } from './fleet-view-state';
import { formatDuration } from './format-duration';

interface AlertsRenderOptions {
  now: number;
  color: boolean;
}

const SEVERITY_STYLE = { critical: 'red', high: 'magenta', medium: 'yellow', low: 'gray' } as const;

/** The live view's alerts: how many fire (and how many are folded or silenced), and the newest ones. */
export function alertsSection(state: FleetViewState, { now, color }: AlertsRenderOptions): string[] {
  const alerts = state.alerts ?? WAITING_FOR_ALERTS;
  const title = styled('Alerts', 'bold', color);
  if (alerts.status === 'waiting') return [title, `  ${styled('alert-manager: waiting…', 'yellow', color)}`];
  if (alerts.status === 'absent') return [title, `  ${styled('alert-manager: not running', 'gray', color)}`];
  const lines = [
    title,
    `  firing ${styled(String(alerts.firing), alerts.firing > 0 ? 'red' : 'green', color)}` +
      (alerts.suppressed > 0 ? `  (${alerts.suppressed} inhibited or silenced)` : ''),
  ];
  for (const alert of alerts.latest) {
    const style = SEVERITY_STYLE[alert.severity as keyof typeof SEVERITY_STYLE] ?? 'yellow';
    const age = formatDuration(Math.max(0, now - alert.startsAt));
    const muted = alert.suppressed ? styled(' (folded)', 'dim', color) : '';
    lines.push(
      `  ${age.padStart(6)} ago  ${styled(alert.severity.padEnd(8), style, color)}  ${alert.summary}${muted}`,
    );
  }
  return lines;
}

/** The alerts part of the one-line summary. */
export function alertsSummary(state: FleetViewState): string | undefined {
  const alerts = state.alerts;
  if (!alerts || alerts.status !== 'answering') return undefined;
  return `alerts firing ${alerts.firing}${alerts.suppressed > 0 ? ` (${alerts.suppressed} folded)` : ''}`;
}
