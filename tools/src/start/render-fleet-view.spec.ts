import { HEALTH_STATES } from '@warden/contracts';
import { FleetViewModel } from './fleet-view-model';
import { fleetSummary, stateChanged } from './fleet-view.test-helper';
import { renderFleetView } from './render-fleet-view';

const STARTED = Date.parse('2030-01-01T12:00:00Z');
const plain = { now: STARTED + 65_000, width: 200, color: false };

function modelWithStack(): FleetViewModel {
  const model = new FleetViewModel(STARTED);
  model.natsReady('nats://127.0.0.1:4567', 'started');
  model.processChanged('health-collector', 'ready', 'http://127.0.0.1:8081');
  model.processChanged('failure-detector', 'skipped', 'not built yet');
  return model;
}

/** The whitespace-separated cells of the first line starting with `prefix`. */
function cellsOf(lines: string[], prefix: string): string[] {
  return (lines.find((l) => l.trimStart().startsWith(prefix)) ?? '').split(/\s+/).filter(Boolean);
}

function zeroRow(zone: string): Record<string, string> {
  return Object.fromEntries([['zone', zone], ...HEALTH_STATES.map((state) => [state, '0'])]);
}

describe('renderFleetView', () => {
  it('shows uptime, the NATS server and every process with its state', () => {
    const lines = renderFleetView(modelWithStack().snapshot(), plain);
    expect(lines[0]).toContain('up 1m05s');
    expect(lines[0]).toContain('NATS nats://127.0.0.1:4567 (started here)');
    expect(lines.find((l) => l.includes('health-collector'))).toMatch(
      /health-collector\s+ready\s+http:\/\/127\.0\.0\.1:8081/,
    );
    expect(lines.find((l) => l.includes('failure-detector'))).toMatch(
      /failure-detector\s+skipped\s+not built yet/,
    );
  });

  it('gives a present state at least one cell of its bar, however rare', () => {
    const model = modelWithStack();
    model.collectorAnswered(fleetSummary({ healthy: 999, unresponsive: 1 }), [], STARTED);
    const lines = renderFleetView(model.snapshot(), plain);
    expect(lines.find((l) => /^\s+unresponsive\s+1\s/.test(l))?.split('█').length).toBe(2);
  });

  it('says the collector is being waited for, and why, before it answers', () => {
    const model = modelWithStack();
    model.collectorUnanswered('nothing answers supervision.health.query.fleet yet');
    const lines = renderFleetView(model.snapshot(), plain);
    expect(lines).toContain(
      '  health-collector: waiting… (nothing answers supervision.health.query.fleet yet)',
    );
  });

  it('shows the fleet by health state and a row per zone', () => {
    const model = modelWithStack();
    model.collectorAnswered(
      fleetSummary({ healthy: 7, degraded: 2, unresponsive: 1 }),
      [
        fleetSummary({ healthy: 4, unresponsive: 1 }, 'zone-a'),
        fleetSummary({ healthy: 3, degraded: 2 }, 'zone-b'),
      ],
      STARTED,
    );
    const lines = renderFleetView(model.snapshot(), plain);
    expect(lines.some((l) => /^\s+total\s+10$/.test(l))).toBe(true);
    const healthyBar = lines.find((l) => /^\s+healthy\s+7\s/.test(l));
    expect(healthyBar?.split('█').length).toBe(22); // 7/10 of a 30-cell bar
    const unresponsiveBar = lines.find((l) => /^\s+unresponsive\s+1\s/.test(l));
    expect(unresponsiveBar?.split('█').length).toBe(4); // 1/10 of it
    expect(lines.find((l) => /^\s+unhealthy\s+0\s/.test(l))).not.toContain('█');
    const heading = cellsOf(lines, 'zone ');
    expect(heading).toEqual(['zone', 'total', ...HEALTH_STATES]);
    const row = (zone: string) =>
      Object.fromEntries(heading.map((column, i) => [column, cellsOf(lines, zone)[i]]));
    expect(row('zone-a')).toEqual({ ...zeroRow('zone-a'), total: '5', healthy: '4', unresponsive: '1' });
    expect(row('zone-b')).toEqual({ ...zeroRow('zone-b'), total: '5', healthy: '3', degraded: '2' });
  });

  it('marks counts as old when the collector stopped answering', () => {
    const model = modelWithStack();
    model.collectorAnswered(fleetSummary({ healthy: 1 }), [], STARTED + 5_000);
    model.collectorUnanswered('no reply within 800 ms');
    const lines = renderFleetView(model.snapshot(), plain);
    expect(lines).toContain(
      '  health-collector: no answer for 1m00s; last counts shown (no reply within 800 ms)',
    );
  });

  it('lists transitions newest first with time, agent, zone, states and reasons', () => {
    const model = modelWithStack();
    model.transitionSeen(stateChanged('agent-1', undefined, 'healthy', STARTED + 1_000));
    model.transitionSeen(stateChanged('agent-22', 'healthy', 'unresponsive', STARTED + 2_000, 'zone-b'));
    const lines = renderFleetView(model.snapshot(), plain);
    const title = lines.indexOf('Recent transitions (newest first)');
    expect(lines.slice(title + 1, title + 3)).toEqual([
      '  12:00:02  agent-22  zone-b  healthy → unresponsive  agent-22 is unresponsive',
      '  12:00:01  agent-1   zone-a  new → healthy',
    ]);
  });

  it('cuts lines to the width without counting or breaking colour escapes', () => {
    const model = modelWithStack();
    model.transitionSeen(stateChanged('agent-with-a-long-name', 'healthy', 'degraded', STARTED));
    const width = 30;
    const colored = renderFleetView(model.snapshot(), { ...plain, width, color: true });
    const escape = String.fromCharCode(0x1b);
    const visible = (line: string) => line.replace(new RegExp(`${escape}\\[[0-9;]*m`, 'g'), '');
    expect(Math.max(...colored.map((l) => visible(l).length))).toBe(width);
    expect(colored.some((l) => l.includes('\x1b['))).toBe(true);
    for (const line of colored.filter((l) => l.includes('\x1b[')))
      expect(line.endsWith('\x1b[0m')).toBe(true);
    expect(colored.map(visible)).toEqual(renderFleetView(model.snapshot(), { ...plain, width }));
  });
});
