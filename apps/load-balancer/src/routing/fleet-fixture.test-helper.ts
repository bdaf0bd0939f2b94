import { SeededRandom } from '@warden/agent-sdk';
import { CircuitBreaker } from '../breaker/circuit-breaker';
import { DEFAULT_BREAKER_SETTINGS } from '../breaker/breaker-settings';
import type { AgentBeat } from '../fleet/fleet-view';
import { FleetView } from '../fleet/fleet-view';
import { DEFAULT_FLEET_SETTINGS, type FleetSettings } from '../fleet/fleet-settings';

export const NOW = 1_000_000;

/** A seeded source of randomness, so distribution tests are repeatable. */
export function seededRandom(seed: number): () => number {
  return new SeededRandom(seed).source;
}

export function beat(agentId: string, overrides: Partial<AgentBeat> = {}): AgentBeat {
  return {
    agentId,
    hostId: `host-${agentId}`,
    zone: 'zone-a',
    capabilities: ['work'],
    capacity: 10_000,
    inFlightTasks: 0,
    queueDepth: 0,
    cpuRatio: 0.1,
    memoryBytes: 0,
    latencyEwmaMs: 10,
    errorRatio: 0,
    incarnation: 1,
    lifecycle: 'ready',
    ...overrides,
  };
}

/** A fleet of `count` ready agents, past their slow start, seen at NOW. */
export function fleetOf(
  count: number,
  overrides: (index: number) => Partial<AgentBeat> = () => ({}),
  settings: Partial<FleetSettings> = {},
): FleetView {
  const fleet = new FleetView(
    { ...DEFAULT_FLEET_SETTINGS, ...settings },
    (agentId) => new CircuitBreaker(agentId, DEFAULT_BREAKER_SETTINGS, 'lb-test', () => undefined),
  );
  const firstSeen = NOW - DEFAULT_FLEET_SETTINGS.slowStartMs - 1;
  for (let i = 0; i < count; i++) fleet.applyHeartbeat(beat(`agent-${i}`, overrides(i)), firstSeen);
  for (const slot of fleet.all) slot.lastHeartbeatAt = NOW;
  fleet.refresh(NOW);
  return fleet;
}
