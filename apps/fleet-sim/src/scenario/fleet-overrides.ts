import type { Scenario } from './scenario';

export interface FleetOverrides {
  agents?: number;
  hosts?: number;
  zones?: number;
  durationMs?: number;
}

/** The command line wins over the file for the fleet's size and the run's length. */
export function applyOverrides(scenario: Scenario, overrides: FleetOverrides): Scenario {
  return {
    ...scenario,
    fleet: {
      ...scenario.fleet,
      agents: overrides.agents ?? scenario.fleet.agents,
      hosts: overrides.hosts ?? scenario.fleet.hosts,
      zones: overrides.zones ?? scenario.fleet.zones,
    },
    durationMs: overrides.durationMs ?? scenario.durationMs,
  };
}
