import { createMessage, AgentHealthRecord, type HealthState } from '@warden/contracts';
import { planReplacements } from './replacement-planner';

function record(
  agentId: string,
  hostId: string,
  zone: string,
  state: HealthState = 'healthy',
): AgentHealthRecord {
  return createMessage(AgentHealthRecord, {
    agentId,
    hostId,
    zone,
    capabilities: ['work'],
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1_000,
    state,
    stateSince: '2026-01-31T12:00:00.000Z',
    reasons: [],
    score: 1,
    load: {
      inFlightTasks: 0,
      queueDepth: 0,
      capacity: 2,
      cpuRatio: 0.1,
      memoryBytes: 1,
      latencyEwmaMs: 1,
      errorRatio: 0,
    },
    tasksCompleted: 0,
    tasksFailed: 0,
    lastSequence: 1,
    lastHeartbeatAt: '2026-01-31T12:00:00.000Z',
  });
}

const fleet = [
  record('a-1', 'host-a1', 'zone-a'),
  record('a-2', 'host-a1', 'zone-a'),
  record('a-3', 'host-a2', 'zone-a'),
  record('c-1', 'host-c1', 'zone-c', 'unresponsive'),
  record('b-1', 'host-b1', 'zone-b', 'unresponsive'),
];

describe('planReplacements', () => {
  it('places lost agents on healthy hosts outside the dead zone, least loaded first, at most maxPerHost each', () => {
    const placements = planReplacements(
      ['b-1', 'b-2', 'b-3', 'b-4', 'b-5'],
      fleet,
      { hostIds: [], zones: ['zone-b'] },
      2,
    );
    expect(
      Object.fromEntries([...placements].map(([agentId, placement]) => [agentId, placement.hostId])),
    ).toEqual({
      'b-1': 'host-a2',
      'b-2': 'host-a1',
      'b-3': 'host-a2',
      'b-4': 'host-a1',
    });
    expect(placements.get('b-1')?.zone).toBe('zone-a');
  });

  it('never uses an excluded host, nor a host without a healthy agent', () => {
    const placements = planReplacements(
      ['x-1', 'x-2'],
      fleet,
      { hostIds: ['host-a1', 'host-a2'], zones: [] },
      5,
    );
    expect(placements.size).toBe(0);
  });

  it('places nothing when replacements are off', () => {
    expect(planReplacements(['b-1'], fleet, { hostIds: [], zones: ['zone-b'] }, 0).size).toBe(0);
  });
});
