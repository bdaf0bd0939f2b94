import { HEALTH_STATES, type HealthState } from '@warden/contracts';
import { styled, type TextStyle } from './ansi';
import type { FleetCounts, FleetViewState, StackProcessState, StackProcessView } from './fleet-view-state';
import { formatDuration } from './format-duration';
import { leadersSection } from './leaders-panel';
import { alertsSection } from './render-alerts-section';
import type { RenderOptions } from './render-options';

export const HEALTH_STATE_STYLE: Record<HealthState, TextStyle> = {
  healthy: 'green',
  degraded: 'yellow',
  unhealthy: 'red',
  unresponsive: 'magenta',
  draining: 'cyan',
  stopped: 'gray',
};

const PROCESS_STATE_STYLE: Record<StackProcessState, TextStyle> = {
  starting: 'yellow',
  ready: 'green',
  running: 'green',
  skipped: 'gray',
  failed: 'red',
  finished: 'gray',
  exited: 'red',
  stopping: 'yellow',
  stopped: 'gray',
};

type Section = (state: FleetViewState, options: RenderOptions) => string[];

/** Top to bottom; a later concern (failures, recoveries, alerts, leaders) adds its section here. */
const SECTIONS: readonly Section[] = [
  header,
  stackSection,
  healthSection,
  transitionsSection,
  alertsSection,
  leadersSection,
];

/** One frame of the live view as lines, without cursor movement: pure, so it is tested without a terminal. */
export function renderFleetView(state: FleetViewState, options: RenderOptions): string[] {
  const lines = SECTIONS.flatMap((section, index) =>
    index === 0 ? section(state, options) : ['', ...section(state, options)],
  );
  return lines.map((line) => fitToWidth(line, options.width));
}

function header(state: FleetViewState, { now, color }: RenderOptions): string[] {
  const nats = state.stack.natsUrl
    ? `NATS ${state.stack.natsUrl}${state.stack.natsOrigin === 'started' ? ' (started here)' : ''}`
    : 'NATS starting…';
  return [
    `${styled('Warden dev stack', 'bold', color)}  up ${formatDuration(now - state.startedAt)}  ${nats}  ${styled('Ctrl-C stops', 'dim', color)}`,
  ];
}

function stackSection(state: FleetViewState, { color }: RenderOptions): string[] {
  const processes = state.stack.processes;
  const nameWidth = Math.max(0, ...processes.map((p) => p.name.length));
  return [styled('Processes', 'bold', color), ...processes.map((p) => processLine(p, nameWidth, color))];
}

function processLine(process: StackProcessView, nameWidth: number, color: boolean): string {
  const state = styled(process.state.padEnd(8), PROCESS_STATE_STYLE[process.state], color);
  return `  ${process.name.padEnd(nameWidth)}  ${state}  ${process.detail ?? ''}`.trimEnd();
}

function healthSection(state: FleetViewState, { now, color }: RenderOptions): string[] {
  const collector = state.collector;
  const title = styled('Agents by health', 'bold', color);
  if (collector.status === 'waiting' || !collector.fleet) {
    return [
      title,
      `  ${styled('health-collector: waiting…', 'yellow', color)}${collector.problem ? ` (${collector.problem})` : ''}`,
    ];
  }
  const lines = [title];
  if (collector.status === 'silent') {
    const age =
      collector.lastAnswerAt === undefined ? '' : ` for ${formatDuration(now - collector.lastAnswerAt)}`;
    lines.push(
      `  ${styled(`health-collector: no answer${age}; last counts shown`, 'red', color)}${collector.problem ? ` (${collector.problem})` : ''}`,
    );
  }
  lines.push(...stateBars(collector.fleet, color), '', ...zoneTable(collector.zones, color));
  return lines;
}

const BAR_WIDTH = 30;

function stateBars(fleet: FleetCounts, color: boolean): string[] {
  const stateWidth = Math.max(...HEALTH_STATES.map((s) => s.length));
  const countWidth = String(fleet.totalAgents).length;
  const lines = [`  ${'total'.padEnd(stateWidth)}  ${String(fleet.totalAgents).padStart(countWidth)}`];
  for (const healthState of HEALTH_STATES) {
    const agents = fleet.byState[healthState];
    // One unresponsive agent in a thousand still gets a cell: a state that is present must be visible.
    const filled = agents === 0 ? 0 : Math.max(1, Math.round((agents / fleet.totalAgents) * BAR_WIDTH));
    const bar =
      styled('█'.repeat(filled), HEALTH_STATE_STYLE[healthState], color) +
      styled('·'.repeat(Math.max(0, BAR_WIDTH - filled)), 'dim', color);
    lines.push(`  ${healthState.padEnd(stateWidth)}  ${String(agents).padStart(countWidth)}  ${bar}`);
  }
  return lines;
}

function zoneTable(zones: readonly FleetCounts[], color: boolean): string[] {
  if (zones.length === 0) return [`  ${styled('no zones reported yet', 'dim', color)}`];
  const zoneWidth = Math.max('zone'.length, ...zones.map((z) => (z.zone ?? '').length));
  const columns = ['total', ...HEALTH_STATES];
  const widths = columns.map((column) =>
    Math.max(column.length, ...zones.map((z) => String(cell(z, column)).length)),
  );
  const heading = `  ${'zone'.padEnd(zoneWidth)}  ${columns.map((c, i) => c.padStart(widths[i])).join('  ')}`;
  const rows = zones.map((zone) => {
    const cells = columns.map((column, i) => {
      const value = cell(zone, column);
      const text = String(value).padStart(widths[i]);
      const style: TextStyle =
        column === 'total' || value === 0 ? 'dim' : HEALTH_STATE_STYLE[column as HealthState];
      return column === 'total' ? text : styled(text, style, color);
    });
    return `  ${(zone.zone ?? '').padEnd(zoneWidth)}  ${cells.join('  ')}`;
  });
  return [styled(heading, 'dim', color), ...rows];
}

function cell(zone: FleetCounts, column: string): number {
  return column === 'total' ? zone.totalAgents : zone.byState[column as HealthState];
}

function transitionsSection(state: FleetViewState, { color }: RenderOptions): string[] {
  const title = styled('Recent transitions (newest first)', 'bold', color);
  if (state.transitions.length === 0) return [title, `  ${styled('none yet', 'dim', color)}`];
  const agentWidth = Math.max(...state.transitions.map((t) => t.agentId.length));
  const zoneWidth = Math.max(...state.transitions.map((t) => t.zone.length));
  return [
    title,
    ...state.transitions.map((t) => {
      const time = new Date(t.at).toISOString().slice(11, 19);
      const from = t.from ? styled(t.from, HEALTH_STATE_STYLE[t.from], color) : styled('new', 'cyan', color);
      const to = styled(t.to, HEALTH_STATE_STYLE[t.to], color);
      const reasons = t.reasons.length > 0 ? `  ${styled(t.reasons.join('; '), 'dim', color)}` : '';
      return `  ${time}  ${t.agentId.padEnd(agentWidth)}  ${t.zone.padEnd(zoneWidth)}  ${from} → ${to}${reasons}`;
    }),
  ];
}

/**
 * Cuts a line to `width` visible characters; escape sequences do not count and are kept, so a cut
 * never leaves a colour switched on (each line ends with a reset when colour is on).
 */
function fitToWidth(line: string, width: number): string {
  let visible = 0;
  let out = '';
  let truncated = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\x1b') {
      const end = line.indexOf('m', i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= width) {
      truncated = true;
      continue;
    }
    out += line[i];
    visible++;
  }
  return truncated && out.includes('\x1b') ? `${out}\x1b[0m` : out;
}
