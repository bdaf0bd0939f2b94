import type { FailureObservation, HealthObservation } from '../model/observations';
import {
  LOCATION_BLIND_FAILURE_TYPES,
  RESOURCE_FAILURE_TYPES,
  SILENCE_FAILURE_TYPES,
} from '../model/observations';

/** One agent that failed within a window, with what the detector knows about how. */
export interface FailedAgent {
  agentId: string;
  zone: string;
  hostId: string;
  failures: FailureObservation[];
  /** Every sign was silence (heartbeat timeout, unresponsive), none a reported fault. */
  silent: boolean;
  /** Every sign was a resource failure (exhaustion, leak); false when the agent only went unresponsive. */
  exhausted: boolean;
  lastAt: number;
}

/**
 * The agents that failed in the window: those with a FailureDetected, and those the collector saw go
 * unresponsive (whose conviction may still be on its way). Failures of a type that says nothing about
 * the agent's zone or host (LOCATION_BLIND_FAILURE_TYPES) are left out, as if not reported: an agent
 * with only those is not failed here, and one that also went silent is still silent.
 */
export function failedAgents(
  failures: readonly FailureObservation[],
  changes: readonly HealthObservation[],
): Map<string, FailedAgent> {
  const agents = new Map<string, FailedAgent>();
  const entry = (agentId: string, zone: string, hostId: string): FailedAgent => {
    let agent = agents.get(agentId);
    if (!agent)
      agents.set(
        agentId,
        (agent = { agentId, zone, hostId, failures: [], silent: true, exhausted: true, lastAt: 0 }),
      );
    return agent;
  };
  for (const failure of failures) {
    if (LOCATION_BLIND_FAILURE_TYPES.has(failure.failureType)) continue;
    const agent = entry(failure.agentId, failure.zone, failure.hostId);
    agent.failures.push(failure);
    agent.silent &&= SILENCE_FAILURE_TYPES.has(failure.failureType);
    agent.exhausted &&= RESOURCE_FAILURE_TYPES.has(failure.failureType);
    agent.lastAt = Math.max(agent.lastAt, failure.at);
  }
  for (const change of changes) {
    if (change.state !== 'unresponsive') continue;
    const agent = entry(change.agentId, change.zone, change.hostId);
    agent.exhausted = false;
    agent.lastAt = Math.max(agent.lastAt, change.at);
  }
  return agents;
}
