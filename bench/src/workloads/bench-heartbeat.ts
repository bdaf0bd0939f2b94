import { Heartbeat } from '@warden/contracts';

/**
 * A valid, realistic heartbeat: the message the ≥ 10,000 msg/s floor is about, with every field the
 * health collector validates on arrival.
 */
export function benchHeartbeat(agentId: string): Heartbeat {
  return Object.assign(new Heartbeat(), {
    agentId,
    hostId: 'bench-host-1',
    zone: 'zone-a',
    capabilities: ['summarize', 'translate'],
    capacity: 8,
    inFlightTasks: 3,
    queueDepth: 1,
    cpuRatio: 0.42,
    memoryBytes: 268_435_456,
    latencyEwmaMs: 12.5,
    errorRatio: 0.01,
    tasksCompleted: 1234,
    tasksFailed: 5,
    sequence: 4321,
    incarnation: 1_764_000_000_000,
    lifecycle: 'ready',
    intervalMs: 1000,
    sentAt: '2026-11-24T10:00:00.000Z',
  });
}
