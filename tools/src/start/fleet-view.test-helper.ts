import {
  AgentHealthRecord,
  HEALTH_STATES,
  createMessage,
  FleetSummary,
  HealthStateChanged,
  type HealthState,
} from '@warden/contracts';

/** A valid FleetSummary reply with the given counts (states not named count 0). */
export function fleetSummary(counts: Partial<Record<HealthState, number>>, zone?: string): FleetSummary {
  const byState = HEALTH_STATES.map((state) => ({ state, agents: counts[state] ?? 0 }));
  const totalAgents = byState.reduce((sum, entry) => sum + entry.agents, 0);
  return createMessage(FleetSummary, {
    ...(zone === undefined ? {} : { zone }),
    totalAgents,
    byState,
    byLifecycle: [],
    totalCapacity: totalAgents * 4,
    totalInFlightTasks: 0,
    generatedAt: new Date(0).toISOString(),
  });
}

/** A valid HealthStateChanged event. */
export function stateChanged(
  agentId: string,
  previousState: HealthState | undefined,
  state: HealthState,
  changedAtMs: number,
  zone = 'zone-a',
): HealthStateChanged {
  return createMessage(HealthStateChanged, {
    agentId,
    hostId: 'host-1',
    zone,
    incarnation: 1,
    ...(previousState === undefined ? {} : { previousState }),
    state,
    reasons: state === 'healthy' ? [] : [`${agentId} is ${state}`],
    changedAt: new Date(changedAtMs).toISOString(),
  });
}

/** A valid registry record of a healthy agent in `zone`. */
export function agentRecord(agentId: string, zone: string): AgentHealthRecord {
  const now = new Date().toISOString();
  return createMessage(AgentHealthRecord, {
    agentId,
    hostId: 'host-1',
    zone,
    capabilities: [],
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1000,
    state: 'healthy',
    stateSince: now,
    reasons: [],
    score: 1,
    load: {
      capacity: 1,
      inFlightTasks: 0,
      queueDepth: 0,
      cpuRatio: 0,
      memoryBytes: 0,
      latencyEwmaMs: 0,
      errorRatio: 0,
    },
    tasksCompleted: 0,
    tasksFailed: 0,
    lastSequence: 1,
    lastHeartbeatAt: now,
  });
}
