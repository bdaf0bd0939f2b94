import { CircuitBreaker } from '../breaker/circuit-breaker';
import { DEFAULT_BREAKER_SETTINGS } from '../breaker/breaker-settings';
import type { AgentSlot } from '../fleet/agent-slot';
import { DEFAULT_FLEET_SETTINGS } from '../fleet/fleet-settings';
import { FleetView } from '../fleet/fleet-view';
import { Router, type RouteRequest } from '../routing/router';
import {
  STRATEGY_NAMES,
  type PickContext,
  type RoutingStrategy,
  type StrategyName,
} from '../routing/routing-strategy';
import { StrategyTable } from '../routing/strategy-table';

/**
 * Measures routing decisions in-process for the bench (which may not import an app, so it runs this
 * built script): `node routing-decision-probe.js <strategy|random> <agents> <decisions>` prints
 * `{"latenciesMs": [...]}`, one entry per decision. `random` is the baseline: a uniform pick among
 * the same acceptable agents, what a NATS queue group does, through the same router.
 */
class UniformRandomStrategy implements RoutingStrategy {
  readonly name = 'p2c' as const;

  pick(pool: readonly AgentSlot[], context: PickContext): AgentSlot | undefined {
    for (let i = 0; i < 8; i++) {
      const slot = pool[Math.floor(context.random() * pool.length)];
      if (context.accept(slot)) {
        context.reason = 'uniform random';
        return slot;
      }
    }
    return undefined;
  }
}

function fleetOf(agents: number, now: number): FleetView {
  const fleet = new FleetView(
    { ...DEFAULT_FLEET_SETTINGS, staleAfterMs: 3_600_000 },
    (agentId) => new CircuitBreaker(agentId, DEFAULT_BREAKER_SETTINGS, 'probe', () => undefined),
  );
  for (let i = 0; i < agents; i++) {
    fleet.applyHeartbeat(
      {
        agentId: `agent-${i}`,
        hostId: `host-${i % 100}`,
        zone: `zone-${i % 3}`,
        capabilities: i % 2 === 0 ? ['work', 'gpu'] : ['work'],
        capacity: 16,
        inFlightTasks: i % 7,
        queueDepth: 0,
        cpuRatio: (i % 10) / 10,
        memoryBytes: 0,
        latencyEwmaMs: 5 + (i % 50),
        errorRatio: 0,
        incarnation: 1,
        lifecycle: 'ready',
      },
      now - DEFAULT_FLEET_SETTINGS.slowStartMs - 1,
    );
  }
  fleet.refresh(now);
  return fleet;
}

function main(): void {
  const [side = 'p2c', agentsText = '10000', decisionsText = '20000'] = process.argv.slice(2);
  const now = Date.now();
  const fleet = fleetOf(Number(agentsText), now);
  const table =
    side === 'random'
      ? { strategyFor: () => new UniformRandomStrategy() }
      : new StrategyTable(
          fleet,
          STRATEGY_NAMES.includes(side as StrategyName) ? { work: { strategy: side as StrategyName } } : {},
        );
  const router = new Router(fleet, table as StrategyTable);
  const request: RouteRequest = {
    taskType: 'work',
    requiredCapabilities: ['work'],
    preferredZones: [],
    priority: 'normal',
  };
  const all = fleet.all;
  const decisions = Number(decisionsText);
  const latenciesMs = new Array<number>(decisions);
  for (let i = 0; i < decisions; i++) {
    const started = performance.now();
    const decision = router.route(request, now);
    latenciesMs[i] = performance.now() - started;
    // Keep the load moving: the chosen agent takes a task, a random one finishes one.
    if (decision) decision.slot.localInFlight++;
    const finished = all[Math.floor(Math.random() * all.length)];
    if (finished.localInFlight > 0) finished.localInFlight--;
  }
  process.stdout.write(JSON.stringify({ latenciesMs }));
}

main();
