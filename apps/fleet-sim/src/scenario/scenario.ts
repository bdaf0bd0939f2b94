import type { HealthState } from '@warden/contracts';
import type { FaultKind } from './scenario.model';

/** A scenario as the simulator runs it: validated, with every time in ms. */
export interface Scenario {
  name: string;
  description?: string;
  seed: number;
  fleet: FleetShape;
  load: {
    tasksPerAgentPerSecond: number;
    taskDurationMs: { mean: number; jitterRatio: number };
    taskTimeoutMs: number;
    routedTasksPerSecond: number;
  };
  durationMs: number;
  faults: Fault[];
  expectations: Expectation[];
}

export interface FleetShape {
  agents: number;
  hosts: number;
  zones: number;
  capabilities: string[];
  capacity: number;
  heartbeatIntervalMs: number;
  restartDelayMs: number;
}

/** Exactly one of its fields is set. */
export interface FaultTargetSpec {
  agents?: string[];
  count?: number;
  zone?: string;
  host?: string;
}

export interface Fault {
  /** Position in the scenario's list, for messages. */
  index: number;
  atMs: number;
  kind: FaultKind;
  target: FaultTargetSpec;
  durationMs?: number;
  params: Record<string, number>;
}

export interface Expectation {
  index: number;
  afterMs: number;
  withinMs: number;
  agent?: string;
  zone?: string;
  count?: number;
  state: HealthState;
}
