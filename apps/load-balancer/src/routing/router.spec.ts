import { Router, type RouteRequest } from './router';
import { StrategyTable } from './strategy-table';
import { NOW, beat, fleetOf, seededRandom } from './fleet-fixture.test-helper';

const task: RouteRequest = {
  taskType: 'work',
  requiredCapabilities: ['work'],
  preferredZones: [],
  priority: 'normal',
};

function counts(router: Router, picks: number, request = task, track = false): Map<string, number> {
  const seen = new Map<string, number>();
  for (let i = 0; i < picks; i++) {
    const decision = router.route(request, NOW);
    if (!decision) continue;
    seen.set(decision.slot.agentId, (seen.get(decision.slot.agentId) ?? 0) + 1);
    if (track) decision.slot.localInFlight++;
  }
  return seen;
}

describe('Router with P2C (the default)', () => {
  it('never sends work to the single busiest agent and favours the idle ones', () => {
    const fleet = fleetOf(10, (i) => ({ inFlightTasks: i === 0 ? 9 : i % 3 }));
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(1));
    const seen = counts(router, 10_000);
    expect(seen.get('agent-0')).toBeUndefined();
    const idle = ['agent-3', 'agent-6', 'agent-9'].map((id) => seen.get(id) ?? 0);
    const busy = ['agent-2', 'agent-5', 'agent-8'].map((id) => seen.get(id) ?? 0);
    expect(Math.min(...idle)).toBeGreaterThan(Math.max(...busy));
  });

  it('gives a slow agent less work than its equally busy peers', () => {
    const fleet = fleetOf(5, (i) => ({ latencyEwmaMs: i === 0 ? 500 : 10 }));
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(2));
    const seen = counts(router, 5_000);
    expect(seen.get('agent-0') ?? 0).toBeLessThan(5_000 / 5 / 4);
  });

  it('tries an agent again once its one slow result has decayed, instead of starving it for good', () => {
    const fleet = fleetOf(3);
    const decayMs = fleet.settings.latencyDecayMs;
    for (const slot of fleet.all) slot.observeLatency(8, NOW, decayMs);
    fleet.get('agent-0')!.observeLatency(400, NOW, decayMs);
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(6));
    const pickedAt = (now: number) => {
      let picked = 0;
      for (let i = 0; i < 300; i++) if (router.route(task, now)?.slot.agentId === 'agent-0') picked++;
      return picked;
    };
    expect(pickedAt(NOW)).toBe(0);
    // The peers' results keep arriving; agent-0's spike fades although nothing new was observed for it.
    const later = NOW + decayMs * 5;
    for (const id of ['agent-1', 'agent-2']) fleet.get(id)!.observeLatency(8, later, decayMs);
    for (const slot of fleet.all) slot.lastHeartbeatAt = later;
    expect(fleet.get('agent-0')!.latencyAt(later)).toBeLessThan(8);
    expect(pickedAt(later)).toBeGreaterThan(0);
  });

  it('excludes unhealthy, draining, suspected, failed, quarantined and stale agents; de-weights degraded ones', () => {
    const fleet = fleetOf(8);
    fleet.applyHealth('agent-0', 'unhealthy', 1);
    fleet.applyHeartbeat(beat('agent-1', { lifecycle: 'draining' }), NOW);
    fleet.suspect('agent-2', 1, NOW);
    fleet.fail('agent-3', 1);
    fleet.quarantine('agent-4', NOW + 60_000);
    fleet.get('agent-5')!.lastHeartbeatAt = NOW - 60_000;
    fleet.applyHealth('agent-6', 'degraded', 1);
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(3));
    // Work accumulates (nothing finishes), so the degraded agent gets its smaller share too.
    const seen = counts(router, 4_000, task, true);
    expect([...seen.keys()].sort()).toEqual(['agent-6', 'agent-7']);
    expect(seen.get('agent-6')!).toBeLessThan(seen.get('agent-7')! / 2);
  });

  it('panics below the threshold and routes to unhealthy agents rather than to nobody', () => {
    const fleet = fleetOf(4);
    for (const id of ['agent-0', 'agent-1', 'agent-2']) fleet.applyHealth(id, 'unhealthy', 1);
    fleet.refresh(NOW);
    expect(fleet.panic).toBe(true);
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(4));
    const seen = counts(router, 1_000);
    expect(seen.size).toBe(4);
    expect(router.route(task, NOW)!.reason).toContain('panic');
  });

  it('ramps a new agent up slowly', () => {
    const fleet = fleetOf(4);
    fleet.applyHeartbeat(beat('fresh'), NOW);
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(5));
    const seen = counts(router, 5_000);
    expect(seen.get('fresh') ?? 0).toBeLessThan(5_000 / 5 / 3);
  });

  it('matches every required capability, prefers zones in order with fallback, and skips tried agents', () => {
    const fleet = fleetOf(6, (i) => ({
      capabilities: i < 4 ? ['work', 'gpu'] : ['work'],
      zone: i < 2 ? 'zone-a' : 'zone-b',
    }));
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(6));
    const gpu = { ...task, requiredCapabilities: ['work', 'gpu'] };
    expect([...counts(router, 500, gpu).keys()].sort()).toEqual(['agent-0', 'agent-1', 'agent-2', 'agent-3']);
    const zoned = { ...gpu, preferredZones: ['zone-b'] };
    expect([...counts(router, 500, zoned).keys()].sort()).toEqual(['agent-2', 'agent-3']);
    const tried = { ...zoned, exclude: new Set(['agent-2', 'agent-3']) };
    const fallback = router.route(tried, NOW)!;
    expect(['agent-0', 'agent-1']).toContain(fallback.slot.agentId);
    expect(fallback.reason).toContain('any zone');
  });

  it('keeps lane headroom: low priority stops at half capacity, critical goes beyond it', () => {
    const fleet = fleetOf(1, () => ({ capacity: 4, inFlightTasks: 2 }));
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(7));
    expect(router.route({ ...task, priority: 'low' }, NOW)).toBeUndefined();
    expect(router.route({ ...task, priority: 'normal' }, NOW)).toBeDefined();
    fleet.get('agent-0')!.reportedInFlight = 4;
    expect(router.route({ ...task, priority: 'high' }, NOW)).toBeUndefined();
    expect(router.route({ ...task, priority: 'critical' }, NOW)).toBeDefined();
  });

  it('sends nothing to an agent whose breaker is open', () => {
    const fleet = fleetOf(3);
    const breaker = fleet.get('agent-1')!.breaker;
    for (let i = 0; i < 5; i++) breaker.callStarted().failed(NOW, 'timeout');
    const router = new Router(fleet, new StrategyTable(fleet, {}), seededRandom(8));
    expect(counts(router, 500).get('agent-1')).toBeUndefined();
  });
});

describe('other strategies', () => {
  it('round robin takes each agent in turn, load-blind', () => {
    const fleet = fleetOf(4, (i) => ({ inFlightTasks: i }));
    const router = new Router(
      fleet,
      new StrategyTable(fleet, { work: { strategy: 'round-robin' } }),
      seededRandom(9),
    );
    const seen = counts(router, 400);
    expect([...seen.values()]).toEqual([100, 100, 100, 100]);
  });

  it('least loaded picks the agent with the lowest work per capacity', () => {
    const fleet = fleetOf(5, (i) => ({ inFlightTasks: 5 - i, capacity: 10 }));
    const router = new Router(
      fleet,
      new StrategyTable(fleet, { work: { strategy: 'least-loaded' } }),
      seededRandom(10),
    );
    expect(router.route(task, NOW)!.slot.agentId).toBe('agent-4');
    expect(router.route(task, NOW)!.considered).toBe(5);
  });

  it('weighted by load score sends more to lightly loaded agents but some to all', () => {
    const fleet = fleetOf(2, (i) => ({ cpuRatio: i === 0 ? 0.95 : 0.05, errorRatio: i === 0 ? 0.3 : 0 }));
    const router = new Router(
      fleet,
      new StrategyTable(fleet, { work: { strategy: 'weighted' } }),
      seededRandom(11),
    );
    const seen = counts(router, 4_000);
    expect(seen.get('agent-0')!).toBeGreaterThan(0);
    expect(seen.get('agent-1')!).toBeGreaterThan(seen.get('agent-0')! * 1.5);
  });

  it('preference order takes the first free preferred agent, then falls back', () => {
    const fleet = fleetOf(4, (i) => ({ capacity: 10, inFlightTasks: i === 2 ? 10 : 0 }));
    const table = new StrategyTable(fleet, {
      work: { strategy: 'preference', preferredAgents: ['agent-2', 'agent-3'] },
    });
    const router = new Router(fleet, table, seededRandom(12));
    expect(router.route(task, NOW)!.slot.agentId).toBe('agent-3');
    fleet.get('agent-3')!.reportedInFlight = 10;
    expect(['agent-0', 'agent-1']).toContain(router.route(task, NOW)!.slot.agentId);
  });

  it('consistent hashing keeps a key on one agent and never exceeds the load bound', () => {
    const fleet = fleetOf(10, () => ({ capacity: 1_000 }));
    const table = new StrategyTable(fleet, { work: { strategy: 'consistent-hash' } });
    const router = new Router(fleet, table, seededRandom(13));
    const keyed = { ...task, affinityKey: 'conversation-42' };
    const owner = router.route(keyed, NOW)!.slot.agentId;
    for (let i = 0; i < 5; i++) expect(router.route(keyed, NOW)!.slot.agentId).toBe(owner);

    // Every task with the same hot key: the owner fills up to the bound, then the next ones spill over.
    let placed = 0;
    for (let i = 0; i < 1_000; i++) {
      const decision = router.route(keyed, NOW)!;
      decision.slot.localInFlight++;
      placed++;
      const loads = fleet.all.map((slot) => slot.localInFlight);
      const bound = Math.ceil((1.25 * placed) / 10);
      expect(Math.max(...loads)).toBeLessThanOrEqual(bound);
    }
  });
});
