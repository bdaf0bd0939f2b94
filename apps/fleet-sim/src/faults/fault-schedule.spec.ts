import { FleetLayout } from '../fleet/fleet-layout';
import type { Fault } from '../scenario/scenario';
import { ScenarioFileError } from '../scenario/scenario-file-error';
import { buildFaultSchedule } from './fault-schedule';

const layout = new FleetLayout({ agents: 12, hosts: 4, zones: 2 });

function fault(overrides: Partial<Fault>): Fault {
  return {
    index: 0,
    atMs: 1000,
    kind: 'crash',
    target: { agents: ['agent-0001'] },
    params: {},
    ...overrides,
  };
}

describe('FleetLayout', () => {
  it('puts whole hosts in zones and spreads agents evenly over hosts', () => {
    expect(layout.zones).toEqual(['zone-a', 'zone-b']);
    expect(layout.hosts.map((host) => `${host.hostId}@${host.zone}`)).toEqual([
      'host-01@zone-a',
      'host-02@zone-b',
      'host-03@zone-a',
      'host-04@zone-b',
    ]);
    expect(layout.agentsOfHost('host-02')).toEqual(['agent-0002', 'agent-0006', 'agent-0010']);
    expect(layout.agentsOfZone('zone-a')).toHaveLength(6);
    expect(layout.placement('agent-0003')).toEqual({
      agentId: 'agent-0003',
      hostId: 'host-03',
      zone: 'zone-a',
    });
  });
});

describe('buildFaultSchedule', () => {
  it('orders actions by time and ends a fault with a duration', () => {
    const schedule = buildFaultSchedule(
      'f.yaml',
      [
        fault({
          index: 0,
          atMs: 5000,
          kind: 'slow',
          target: { agents: ['agent-0002'] },
          durationMs: 3000,
          params: { factor: 4 },
        }),
        fault({ index: 1, atMs: 2000, kind: 'crash', durationMs: 10_000 }),
      ],
      layout,
      1,
    );
    expect(schedule.map((action) => [action.atMs, action.type, action.begins])).toEqual([
      [2000, 'crash', true],
      [5000, 'slow', true],
      [8000, 'slow', false],
      [12_000, 'revive', false],
    ]);
    expect(schedule[1]).toMatchObject({ factor: 4, agents: ['agent-0002'] });
    expect(schedule[2]).toMatchObject({ factor: 1 });
  });

  it('leaves a crash without duration to the recovery coordinator', () => {
    const schedule = buildFaultSchedule('f.yaml', [fault({})], layout, 1);
    expect(schedule.map((action) => action.type)).toEqual(['crash']);
  });

  it('expands flapping into crash/revive half-periods over its duration, ending up', () => {
    const schedule = buildFaultSchedule(
      'f.yaml',
      [fault({ kind: 'flapping', atMs: 0, durationMs: 30_000, params: { period: 10_000 } })],
      layout,
      1,
    );
    expect(schedule.map((action) => `${action.atMs}:${action.type}`)).toEqual([
      '0:crash',
      '5000:revive',
      '10000:crash',
      '15000:revive',
      '20000:crash',
      '25000:revive',
    ]);
    expect(schedule.filter((action) => action.begins)).toHaveLength(1);
  });

  it('resolves zone, host and count targets; the same seed picks the same agents', () => {
    const [outage] = buildFaultSchedule(
      'f.yaml',
      [fault({ kind: 'zone-outage', target: { zone: 'zone-b' } })],
      layout,
      1,
    );
    expect(outage).toMatchObject({ type: 'crash', agents: layout.agentsOfZone('zone-b') });
    const [partition] = buildFaultSchedule(
      'f.yaml',
      [fault({ kind: 'host-partition', target: { host: 'host-03' }, durationMs: 7000 })],
      layout,
      1,
    );
    expect(partition).toMatchObject({ type: 'partition', host: 'host-03', durationMs: 7000 });

    const pick = (seed: number) =>
      buildFaultSchedule('f.yaml', [fault({ kind: 'hang', target: { count: 3 } })], layout, seed)[0];
    const first = pick(9);
    expect(first).toMatchObject({ type: 'hang', hung: true });
    expect(pick(9)).toEqual(first);
    expect(new Set((first as { agents: string[] }).agents).size).toBe(3);
  });

  it('ramps a memory leak over its duration', () => {
    const [leak] = buildFaultSchedule(
      'f.yaml',
      [fault({ kind: 'memory-leak', durationMs: 60_000, params: { startBytes: 100, limitBytes: 1000 } })],
      layout,
      1,
    );
    expect(leak).toMatchObject({ type: 'leak', startBytes: 100, limitBytes: 1000, rampMs: 60_000 });
  });

  it('reports every target the fleet does not have, with its path', () => {
    const build = () =>
      buildFaultSchedule(
        'f.yaml',
        [
          fault({ index: 0, target: { agents: ['agent-0001', 'agent-0099'] } }),
          fault({ index: 1, target: { zone: 'zone-z' } }),
          fault({ index: 2, target: { count: 50 } }),
          fault({ index: 3, kind: 'host-partition', target: { host: 'host-09' } }),
        ],
        layout,
        1,
      );
    expect(build).toThrow(ScenarioFileError);
    try {
      build();
    } catch (error) {
      expect((error as ScenarioFileError).issues.map((issue) => issue.path)).toEqual([
        'faults[0].target.agents',
        'faults[1].target.zone',
        'faults[2].target.count',
        'faults[3].target.host',
      ]);
    }
  });
});
