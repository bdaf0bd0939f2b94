import { HEALTH_STATES, type HealthState } from '@warden/contracts';
import { FleetViewModel } from './fleet-view-model';
import { fleetSummary, stateChanged } from './fleet-view.test-helper';
import { renderSummaryLine } from './render-summary-line';

describe('renderSummaryLine', () => {
  it('says the collector is awaited and which processes run', () => {
    const model = new FleetViewModel(0);
    model.processChanged('health-collector', 'skipped', 'not built yet');
    model.processChanged('fleet-sim', 'running');
    model.collectorUnanswered('nothing answers yet');
    expect(renderSummaryLine(model.snapshot(), 12_000)).toBe(
      '[warden +12s] | health-collector: waiting… (nothing answers yet) | running: fleet-sim',
    );
  });

  it('counts agents by state and zone and names the latest transition', () => {
    const model = new FleetViewModel(0);
    model.processChanged('health-collector', 'ready');
    const counts: Partial<Record<HealthState, number>> = { healthy: 8, unhealthy: 2 };
    model.collectorAnswered(fleetSummary(counts), [fleetSummary(counts, 'zone-a')], 1_000);
    model.transitionSeen(stateChanged('agent-3', 'degraded', 'unhealthy', 2_000));
    expect(renderSummaryLine(model.snapshot(), 5_000)).toBe(
      `[warden +5s] | agents 10: ${HEALTH_STATES.map((s) => `${s} ${counts[s] ?? 0}`).join(', ')} | zones 1 | ` +
        'last transition agent-3 degraded→unhealthy | running: health-collector',
    );
  });
});
