import type { RecoveryDecisionKind } from '@warden/contracts';
import type { MetricsRegistry } from '@warden/telemetry';
import type { Counter, Gauge, Histogram } from 'prom-client';

/** What an operator watches on the coordinator: decisions by kind, runs under way, time to recover, budget use. */
export class RecoveryMetrics {
  private readonly decisions: Counter<string>;
  private readonly runs: Gauge<string>;
  private readonly recoverySeconds: Histogram<string>;
  private readonly budgetUsed: Gauge<string>;

  constructor(metrics: MetricsRegistry) {
    this.decisions = metrics.counter({
      name: 'warden_recovery_decisions_total',
      help: 'Recovery ledger entries by kind (policy-fired, commanded, succeeded, failed, suppressed, folded, escalated…)',
      labelNames: ['kind'],
    });
    this.runs = metrics.gauge({
      name: 'warden_recovery_runs_active',
      help: 'Recovery runs this replica is carrying out',
    });
    this.recoverySeconds = metrics.histogram({
      name: 'warden_recovery_duration_seconds',
      help: 'From the decision to every target reported healthy with a new incarnation',
      buckets: [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120],
    });
    this.budgetUsed = metrics.gauge({
      name: 'warden_recovery_budget_used',
      help: 'Restarts counted in the fleet restart budget window, as of the last restart this replica asked for',
    });
  }

  decision(kind: RecoveryDecisionKind): void {
    this.decisions.inc({ kind });
  }

  activeRuns(count: number): void {
    this.runs.set(count);
  }

  recovered(seconds: number): void {
    this.recoverySeconds.observe(seconds);
  }

  budget(used: number): void {
    this.budgetUsed.set(used);
  }
}
