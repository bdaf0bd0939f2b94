import type { AlertList } from '@warden/contracts';
import { alertsViewOf } from './alerts-view';
import { FleetViewModel } from './fleet-view-model';
import { alertsSection, alertsSummary } from './render-alerts-section';

const at = (iso: string): string => new Date(iso).toISOString();

const list: AlertList = {
  alerts: [
    {
      fingerprint: 'aaaaaaaaaaaaaaaa',
      labels: [{ name: 'severity', value: 'critical' }],
      state: 'active',
      silencedBy: [],
      inhibitedBy: [],
      summary: 'zone z1 is dark: 12 agents',
      startsAt: at('2026-06-01T00:00:50Z'),
      updatedAt: at('2026-06-01T00:00:50Z'),
    },
    {
      fingerprint: 'bbbbbbbbbbbbbbbb',
      labels: [{ name: 'severity', value: 'high' }],
      state: 'suppressed',
      silencedBy: [],
      inhibitedBy: ['aaaaaaaaaaaaaaaa'],
      summary: 'agent-0007 stopped sending heartbeats',
      startsAt: at('2026-06-01T00:00:40Z'),
      updatedAt: at('2026-06-01T00:00:40Z'),
    },
  ],
  truncatedAlerts: 0,
};

describe('the alerts section of the live view', () => {
  it('shows the firing count, how many are folded, and the newest alerts first', () => {
    const model = new FleetViewModel(Date.parse('2026-06-01T00:00:00Z'));
    model.alertsSeen(alertsViewOf(list));
    const lines = alertsSection(model.snapshot(), { now: Date.parse('2026-06-01T00:01:00Z'), color: false });
    expect(lines[1]).toBe('  firing 2  (1 inhibited or silenced)');
    expect(lines[2]).toContain('critical');
    expect(lines[2]).toContain('zone z1 is dark');
    expect(lines[3]).toContain('agent-0007 stopped sending heartbeats (folded)');
    expect(alertsSummary(model.snapshot())).toBe('alerts firing 2 (1 folded)');
  });

  it('says when the alert manager is not running, and waits before its first answer', () => {
    const model = new FleetViewModel(0);
    expect(alertsSection(model.snapshot(), { now: 0, color: false })[1]).toContain('alert-manager: waiting…');
    model.alertsSeen({ status: 'absent', firing: 0, suppressed: 0, latest: [] });
    expect(alertsSection(model.snapshot(), { now: 0, color: false })[1]).toContain(
      'alert-manager: not running',
    );
    expect(alertsSummary(model.snapshot())).toBeUndefined();
  });
});
