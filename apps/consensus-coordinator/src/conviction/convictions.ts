import type { HealthState } from '@warden/contracts';

/**
 * Health states that end an agent's coordination rights at once: the collector's verdict that it stopped
 * answering, or that it stopped. (A failure conviction from the failure detector counts too.) Degraded
 * or unhealthy agents are alive and keep their leases.
 */
export const CONVICTING_STATES: ReadonlySet<HealthState> = new Set<HealthState>(['unresponsive', 'stopped']);
