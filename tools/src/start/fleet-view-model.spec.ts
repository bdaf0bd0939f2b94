import { FleetViewModel } from './fleet-view-model';
import { TRANSITIONS_SHOWN } from './fleet-view-state';
import { fleetSummary, stateChanged } from './fleet-view.test-helper';

describe('FleetViewModel', () => {
  it('keeps the newest transitions first, at most TRANSITIONS_SHOWN, ordered by change time not arrival', () => {
    const model = new FleetViewModel(0);
    model.transitionSeen(stateChanged('late-arrival', 'healthy', 'degraded', 5_000));
    for (let i = 0; i < TRANSITIONS_SHOWN + 3; i++)
      model.transitionSeen(stateChanged(`agent-${i}`, 'healthy', 'unhealthy', 10_000 + i));

    const transitions = model.snapshot().transitions;
    expect(transitions).toHaveLength(TRANSITIONS_SHOWN);
    expect(transitions[0].agentId).toBe(`agent-${TRANSITIONS_SHOWN + 2}`);
    expect(transitions.map((t) => t.agentId)).not.toContain('late-arrival');
    expect(transitions.map((t) => t.at)).toEqual([...transitions.map((t) => t.at)].sort((a, b) => b - a));
  });

  it('is waiting until the collector first answers, then silent (keeping the last counts) when it stops answering', () => {
    const model = new FleetViewModel(0);
    model.collectorUnanswered('nothing answers');
    expect(model.snapshot().collector).toMatchObject({ status: 'waiting', problem: 'nothing answers' });

    model.collectorAnswered(
      fleetSummary({ healthy: 3, degraded: 1 }),
      [fleetSummary({ healthy: 1 }, 'zone-b'), fleetSummary({ healthy: 2, degraded: 1 }, 'zone-a')],
      1_000,
    );
    const answered = model.snapshot().collector;
    expect(answered.status).toBe('answering');
    expect(answered.fleet?.byState).toMatchObject({ healthy: 3, degraded: 1, unhealthy: 0 });
    expect(answered.zones.map((z) => z.zone)).toEqual(['zone-a', 'zone-b']);

    model.collectorUnanswered('no reply within 800 ms');
    expect(model.snapshot().collector).toMatchObject({
      status: 'silent',
      lastAnswerAt: 1_000,
      fleet: { totalAgents: 4 },
    });
  });

  it('lists processes in the order first reported and updates them in place', () => {
    const model = new FleetViewModel(0);
    model.processChanged('health-collector', 'starting');
    model.processChanged('fleet-sim', 'skipped', 'not built yet');
    model.processChanged('health-collector', 'ready', 'http://127.0.0.1:1234');
    expect(model.snapshot().stack.processes).toEqual([
      { name: 'health-collector', state: 'ready', detail: 'http://127.0.0.1:1234' },
      { name: 'fleet-sim', state: 'skipped', detail: 'not built yet' },
    ]);
  });
});
