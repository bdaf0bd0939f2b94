import { FleetRegistry, type HeartbeatFigures, type StoredAgent } from './fleet-registry';
import { DEFAULT_HEALTH_THRESHOLDS as T } from './health-thresholds';

const beat = (overrides: Partial<HeartbeatFigures> = {}): HeartbeatFigures => ({
  agentId: 'agent-1',
  hostId: 'host-1',
  zone: 'zone-a',
  capabilities: ['summarize'],
  capacity: 4,
  inFlightTasks: 1,
  queueDepth: 0,
  cpuRatio: 0.2,
  memoryBytes: 100,
  memoryLimitBytes: 1000,
  latencyEwmaMs: 40,
  errorRatio: 0,
  tasksCompleted: 10,
  tasksFailed: 0,
  sequence: 1,
  incarnation: 1000,
  lifecycle: 'ready',
  intervalMs: 1000,
  ...overrides,
});

describe('FleetRegistry', () => {
  let registry: FleetRegistry;
  beforeEach(() => (registry = new FleetRegistry(T)));

  it('reports the first sighting of an agent as a transition into its verdict', () => {
    const { admission, transition } = registry.observe(beat(), 0);
    expect(admission).toBe('new');
    expect(transition).toMatchObject({ agentId: 'agent-1', previousState: undefined, state: 'healthy' });
  });

  it('reports nothing while the verdict does not change', () => {
    registry.observe(beat({ sequence: 1 }), 0);
    expect(registry.observe(beat({ sequence: 2 }), 1000).transition).toBeUndefined();
  });

  it('ignores duplicate and stale beats without touching the entry', () => {
    registry.observe(beat({ sequence: 5, errorRatio: 0 }), 0);
    expect(registry.observe(beat({ sequence: 5, errorRatio: 0.9 }), 10).admission).toBe('duplicate');
    expect(registry.observe(beat({ sequence: 9, incarnation: 999, errorRatio: 0.9 }), 20).admission).toBe(
      'stale',
    );
    expect(registry.get('agent-1')?.state).toBe('healthy');
    expect(registry.get('agent-1')?.lastHeartbeatAt).toBe(0);
  });

  it('counts lost beats from sequence gaps', () => {
    registry.observe(beat({ sequence: 1 }), 0);
    registry.observe(beat({ sequence: 5 }), 1000);
    expect(registry.get('agent-1')?.lostBeats).toBe(3);
  });

  it('reports a new incarnation as a restart even when the verdict is the same', () => {
    registry.observe(beat({ sequence: 40 }), 0);
    const { admission, transition } = registry.observe(beat({ sequence: 0, incarnation: 2000 }), 1000);
    expect(admission).toBe('restart');
    expect(transition).toMatchObject({ previousState: 'healthy', state: 'healthy', incarnation: 2000 });
    expect(transition?.reasons[0]).toMatch(/restarted: incarnation 1000 → 2000/);
    expect(registry.get('agent-1')?.restarts).toBe(1);
  });

  it('a restart clears the previous process’s bad figures', () => {
    registry.observe(beat({ sequence: 1, errorRatio: 0.5 }), 0);
    expect(registry.get('agent-1')?.state).toBe('unhealthy');
    registry.observe(beat({ sequence: 0, incarnation: 2000, errorRatio: 0 }), 1000);
    expect(registry.get('agent-1')?.state).toBe('healthy');
  });

  it('marks an agent unresponsive once silent longer than the allowed beats plus grace (receive time)', () => {
    registry.observe(beat({ intervalMs: 1000 }), 0);
    const allowed = T.missedBeatsForUnresponsive * 1000 + T.silenceGraceMs;
    expect(registry.sweep(allowed)).toEqual([]);
    const [transition] = registry.sweep(allowed + 1);
    expect(transition).toMatchObject({ previousState: 'healthy', state: 'unresponsive' });
    expect(registry.get('agent-1')?.score).toBe(0);
    expect(registry.sweep(allowed + 5000)).toEqual([]);
  });

  it('brings an unresponsive agent back with its next beat', () => {
    registry.observe(beat({ sequence: 1 }), 0);
    registry.sweep(60_000);
    const { transition } = registry.observe(beat({ sequence: 2 }), 61_000);
    expect(transition).toMatchObject({ previousState: 'unresponsive', state: 'healthy' });
  });

  it('never treats an announced drain or stop as a failure', () => {
    registry.observe(beat({ sequence: 1 }), 0);
    expect(registry.observe(beat({ sequence: 2, lifecycle: 'draining' }), 1000).transition?.state).toBe(
      'draining',
    );
    expect(registry.observe(beat({ sequence: 3, lifecycle: 'stopped' }), 2000).transition?.state).toBe(
      'stopped',
    );
    expect(registry.sweep(1_000_000)).toEqual([]);
  });

  it('adopts a stored agent without letting the handover make it look silent', () => {
    const stored: StoredAgent = {
      agentId: 'agent-9',
      hostId: 'host-2',
      zone: 'zone-b',
      capabilities: [],
      incarnation: 5,
      lifecycle: 'ready',
      intervalMs: 1000,
      state: 'healthy',
      stateSince: new Date(0).toISOString(),
      reasons: [],
      score: 1,
      load: beat(),
      tasksCompleted: 0,
      tasksFailed: 0,
      lastSequence: 10,
      lastHeartbeatAt: new Date(1_000).toISOString(),
    };
    const takeoverAt = 20_000; // long after its last beat: the old owner died and its lease expired
    registry.adopt(stored, takeoverAt);
    expect(registry.sweep(takeoverAt + 1000)).toEqual([]);
    expect(registry.sweep(takeoverAt + 10_000)[0]).toMatchObject({
      agentId: 'agent-9',
      state: 'unresponsive',
    });
  });

  it('hands an entry out for a snapshot when first seen, then only when due', () => {
    const policy = { maxAgeMs: 30_000, ratioChange: 0.05, relativeChange: 0.2 };
    registry.observe(beat({ sequence: 1 }), 0);
    expect(registry.takeSnapshotDue(0, policy).map((e) => e.agentId)).toEqual(['agent-1']);
    registry.observe(beat({ sequence: 2, cpuRatio: 0.21 }), 1_000);
    expect(registry.takeSnapshotDue(1_000, policy)).toEqual([]);
    registry.observe(beat({ sequence: 3, inFlightTasks: 3 }), 2_000);
    expect(registry.takeSnapshotDue(2_000, policy).map((e) => e.agentId)).toEqual(['agent-1']);
    expect(registry.takeSnapshotDue(31_999, policy)).toEqual([]);
    expect(registry.takeSnapshotDue(32_000, policy).map((e) => e.agentId)).toEqual(['agent-1']);
  });
});
