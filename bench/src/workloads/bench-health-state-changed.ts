import { HealthStateChanged } from '@warden/contracts';

/** A valid health-state change: a durable supervision event of ordinary size. */
export function benchHealthStateChanged(agentId: string): HealthStateChanged {
  return Object.assign(new HealthStateChanged(), {
    agentId,
    hostId: 'bench-host-1',
    zone: 'zone-a',
    incarnation: 1_764_000_000_000,
    previousState: 'healthy',
    state: 'degraded',
    reasons: ['errorRatio 0.31 > 0.2'],
    changedAt: '2026-11-24T10:00:00.000Z',
  });
}
