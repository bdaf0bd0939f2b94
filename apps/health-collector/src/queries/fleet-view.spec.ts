import type { AgentHealthRecord, HealthState } from '@warden/contracts';
import { FleetView } from './fleet-view';

const record = (agentId: string, overrides: Partial<AgentHealthRecord> = {}): AgentHealthRecord =>
  ({
    agentId,
    hostId: 'host-1',
    zone: 'zone-a',
    capabilities: ['summarize'],
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1000,
    state: 'healthy' as HealthState,
    stateSince: '2026-01-01T00:00:00.000Z',
    reasons: [],
    score: 1,
    load: {
      capacity: 4,
      inFlightTasks: 1,
      queueDepth: 0,
      cpuRatio: 0,
      memoryBytes: 0,
      latencyEwmaMs: 0,
      errorRatio: 0,
    },
    tasksCompleted: 0,
    tasksFailed: 0,
    lastSequence: 1,
    lastHeartbeatAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  }) as AgentHealthRecord;

describe('FleetView', () => {
  let view: FleetView;
  beforeEach(() => {
    view = new FleetView();
    view.put(record('a1'));
    view.put(record('a2', { zone: 'zone-b', state: 'unhealthy' }));
    view.put(record('a3', { hostId: 'host-2', capabilities: ['translate'] }));
    view.put(record('a4', { zone: 'zone-b', state: 'stopped', lifecycle: 'stopped' }));
  });

  it('summarises the fleet by state and lifecycle, with capacity and in-flight totals', () => {
    const summary = view.summary({});
    expect(summary.totalAgents).toBe(4);
    expect(summary.byState.find((s) => s.state === 'healthy')?.agents).toBe(2);
    expect(summary.byState.find((s) => s.state === 'unhealthy')?.agents).toBe(1);
    expect(summary.byState.find((s) => s.state === 'draining')?.agents).toBe(0);
    expect(summary.byLifecycle.find((s) => s.lifecycle === 'stopped')?.agents).toBe(1);
    expect(summary.totalCapacity).toBe(16);
    expect(summary.totalInFlightTasks).toBe(4);
  });

  it('summarises one zone', () => {
    expect(view.summary({ zone: 'zone-b' }).totalAgents).toBe(2);
  });

  it('filters by state, zone, host and capability', () => {
    expect(view.list({ limit: 10, states: ['unhealthy', 'stopped'] }).agents.map((a) => a.agentId)).toEqual([
      'a2',
      'a4',
    ]);
    expect(view.list({ limit: 10, zone: 'zone-a' }).agents.map((a) => a.agentId)).toEqual(['a1', 'a3']);
    expect(view.list({ limit: 10, hostId: 'host-2' }).agents.map((a) => a.agentId)).toEqual(['a3']);
    expect(view.list({ limit: 10, capability: 'translate' }).agents.map((a) => a.agentId)).toEqual(['a3']);
  });

  it('pages in agent-id order with a cursor, and stays consistent when agents join between pages', () => {
    const first = view.list({ limit: 2 });
    expect(first.agents.map((a) => a.agentId)).toEqual(['a1', 'a2']);
    view.put(record('a0'));
    const second = view.list({ limit: 2, cursor: first.nextCursor });
    expect(second.agents.map((a) => a.agentId)).toEqual(['a3', 'a4']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('gives no cursor on the last page', () => {
    expect(view.list({ limit: 10 }).nextCursor).toBeUndefined();
  });

  it('stops a page early when the next record would not fit', () => {
    const page = view.list({ limit: 10 }, (agents) => agents.length < 3);
    expect(page.agents).toHaveLength(3);
    expect(page.nextCursor).toBe('a3');
  });

  it('forgets removed agents', () => {
    view.remove('a1');
    expect(view.get('a1')).toBeUndefined();
    expect(view.summary({}).totalAgents).toBe(3);
  });
});
