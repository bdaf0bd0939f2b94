import { Heartbeat } from '@warden/contracts';

/** A valid heartbeat of `agent-1`, incarnation 1, beating every second; override any field. */
export function heartbeat(overrides: Partial<Heartbeat> = {}): Heartbeat {
  return Object.assign(new Heartbeat(), {
    agentId: 'agent-1',
    hostId: 'host-1',
    zone: 'zone-a',
    capabilities: ['summarize'],
    capacity: 4,
    inFlightTasks: 0,
    queueDepth: 0,
    cpuRatio: 0.2,
    memoryBytes: 100_000_000,
    latencyEwmaMs: 20,
    errorRatio: 0,
    tasksCompleted: 0,
    tasksFailed: 0,
    sequence: 1,
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1_000,
    sentAt: new Date(0).toISOString(),
    ...overrides,
  });
}
