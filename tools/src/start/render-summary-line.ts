import { HEALTH_STATES } from '@warden/contracts';
import type { FleetViewState } from './fleet-view-state';
import { formatDuration } from './format-duration';
import { alertsSummary } from './render-alerts-section';

/** The one-line summary printed instead of the live view (no TTY, or --no-view): plain text, no escapes. */
export function renderSummaryLine(state: FleetViewState, now: number): string {
  const parts = [`[warden +${formatDuration(now - state.startedAt)}]`];
  const collector = state.collector;
  if (collector.status === 'waiting' || !collector.fleet) {
    parts.push(`health-collector: waiting…${collector.problem ? ` (${collector.problem})` : ''}`);
  } else {
    const counts = HEALTH_STATES.map((s) => `${s} ${collector.fleet?.byState[s] ?? 0}`).join(', ');
    const silent = collector.status === 'silent' ? ' (health-collector not answering; last counts)' : '';
    parts.push(
      `agents ${collector.fleet.totalAgents}: ${counts}${silent}`,
      `zones ${collector.zones.length}`,
    );
  }
  const latest = state.transitions[0];
  if (latest) parts.push(`last transition ${latest.agentId} ${latest.from ?? 'new'}→${latest.to}`);
  const alerts = alertsSummary(state);
  if (alerts) parts.push(alerts);
  const running = state.stack.processes
    .filter((p) => p.state === 'ready' || p.state === 'running')
    .map((p) => p.name);
  parts.push(`running: ${running.length > 0 ? running.join(', ') : 'none'}`);
  return parts.join(' | ');
}
