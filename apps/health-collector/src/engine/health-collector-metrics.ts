import { HEALTH_STATES, type HealthState, type HeartbeatAdmission } from '@warden/contracts';
import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge } from 'prom-client';
import type { AgentEntry } from '../registry/agent-entry';

/** What an operator watches on a collector: heartbeat outcomes, verdict changes, agents per state, partitions. */
export class HealthCollectorMetrics {
  private readonly heartbeats: Counter<string>;
  private readonly transitions: Counter<string>;
  private readonly overflow: Counter<string>;
  private readonly agents: Gauge<string>;
  private readonly partitions: Gauge<string>;

  constructor(metrics: MetricsRegistry) {
    this.heartbeats = metrics.counter({
      name: 'warden_heartbeats_total',
      help: 'Heartbeats received by outcome: new, next, restart (accepted); duplicate, stale (ignored); invalid (dead-lettered)',
      labelNames: ['outcome'],
    });
    this.transitions = metrics.counter({
      name: 'warden_health_transitions_total',
      help: 'Changes of verdict published, by the state entered',
      labelNames: ['state'],
    });
    this.overflow = metrics.counter({
      name: 'warden_heartbeat_dead_letter_overflow_total',
      help: 'Invalid heartbeats counted but not dead-lettered because too many dead letters were already pending',
    });
    this.agents = metrics.gauge({
      name: 'warden_agents',
      help: 'Agents in the partitions this replica owns, by state',
      labelNames: ['state'],
    });
    this.partitions = metrics.gauge({
      name: 'warden_partitions_owned',
      help: 'Heartbeat partitions this replica owns',
    });
  }

  heartbeat(outcome: HeartbeatAdmission | 'invalid'): void {
    this.heartbeats.inc({ outcome });
  }

  transition(state: HealthState): void {
    this.transitions.inc({ state });
  }

  deadLetterOverflow(): void {
    this.overflow.inc();
  }

  observeStates(entries: Iterable<AgentEntry>, partitionsOwned: number): void {
    const counts = new Map<HealthState, number>(HEALTH_STATES.map((state) => [state, 0]));
    for (const entry of entries) counts.set(entry.state, (counts.get(entry.state) ?? 0) + 1);
    for (const [state, count] of counts) this.agents.set({ state }, count);
    this.partitions.set(partitionsOwned);
  }
}
