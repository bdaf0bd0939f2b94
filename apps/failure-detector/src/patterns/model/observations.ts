import type { FailureType, HealthState, Severity } from '@warden/contracts';

/** A FailureDetected as the pattern rules see it; `at` is when this detector received it, on its clock. */
export interface FailureObservation {
  failureId: string;
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
  failureType: FailureType;
  severity: Severity;
  at: number;
}

/** A HealthStateChanged as the pattern rules see it; `at` is when this detector received it. */
export interface HealthObservation {
  /** Identifies the change across deliveries (live and replayed), so it is counted once. */
  changeId?: string;
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
  previousState?: HealthState;
  state: HealthState;
  at: number;
}

/** The identity of a health change: the collector publishes one change of an incarnation per instant. */
export function changeIdOf(change: {
  agentId: string;
  incarnation: number;
  state: string;
  changedAt: string;
}): string {
  return `${change.agentId}|${change.incarnation}|${change.state}|${change.changedAt}`;
}

/** Failure types that mean "we stopped hearing from it", as opposed to "it reported trouble". */
export const SILENCE_FAILURE_TYPES: ReadonlySet<FailureType> = new Set(['heartbeat-timeout']);

/**
 * Failure types that say nothing about where an agent runs, so zone and host correlation ignores them:
 * a dependency reported down is the dependency's outage (a shared database down makes every agent of
 * its zone report it, and moving them elsewhere cannot fix it); invalid heartbeats are a bad build or a
 * forger on the subject, not a host or zone gone. A zone or host outage is agents silent or dead.
 */
export const LOCATION_BLIND_FAILURE_TYPES: ReadonlySet<FailureType> = new Set([
  'dependency-failure',
  'protocol-violation',
]);

/** Failure types that are an agent running out of its resources (CPU, memory, queue). */
export const RESOURCE_FAILURE_TYPES: ReadonlySet<FailureType> = new Set([
  'resource-exhaustion',
  'memory-leak',
]);

/** Failure types that are a figure going bad rather than the agent going away. */
export const DEGRADATION_FAILURE_TYPES: ReadonlySet<FailureType> = new Set([
  'high-latency',
  'high-error-rate',
]);

/** Health states that are the "bad" side of flapping; `degraded` is neither side. */
export const BAD_HEALTH_STATES: ReadonlySet<HealthState> = new Set(['unhealthy', 'unresponsive']);
