import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** What an operator watches on the coordinator: who serves, leadership changes, lock traffic, decisions. */
export class CoordinationMetrics {
  private readonly leading: Gauge<string>;
  private readonly leaderChanges: Counter<string>;
  private readonly lockOutcomes: Counter<string>;
  private readonly revocations: Counter<string>;
  private readonly decisionSeconds: Histogram<string>;

  constructor(metrics: MetricsRegistry) {
    this.leading = metrics.gauge({
      name: 'warden_coordination_leading',
      help: '1 while this replica leads (serves locks and barriers), 0 while it stands by',
    });
    this.leaderChanges = metrics.counter({
      name: 'warden_coordination_leader_changes_total',
      help: 'New leaders seen in any election domain (published as LeaderElected)',
    });
    this.lockOutcomes = metrics.counter({
      name: 'warden_coordination_lock_requests_total',
      help: 'Lock requests answered, by outcome (granted, refused)',
      labelNames: ['outcome'],
    });
    this.revocations = metrics.counter({
      name: 'warden_coordination_revocations_total',
      help: 'Elections and locks taken from convicted agents',
      labelNames: ['kind'],
    });
    this.decisionSeconds = metrics.histogram({
      name: 'warden_consensus_decision_seconds',
      help: 'Paxos proposal received → decision recorded',
      buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    });
  }

  leadingNow(leading: boolean): void {
    this.leading.set(leading ? 1 : 0);
  }

  leaderChanged(): void {
    this.leaderChanges.inc();
  }

  lockAnswered(outcome: 'granted' | 'refused'): void {
    this.lockOutcomes.inc({ outcome });
  }

  revoked(kind: 'election' | 'lock', count: number): void {
    if (count > 0) this.revocations.inc({ kind }, count);
  }

  decided(seconds: number): void {
    this.decisionSeconds.observe(seconds);
  }
}
