import type { MetricsRegistry } from '@warden/telemetry';
import type { HostCommandOutcome } from '../domain/kubernetes-host';

/** Commands by action and outcome (obeyed, refused, failed:<kind>), for dashboards and alerts on failed evictions. */
export class HostCommandMetrics {
  private readonly commands;

  constructor(metrics: MetricsRegistry) {
    this.commands = metrics.counter({
      name: 'warden_host_commands_total',
      help: 'Host control commands handled on Kubernetes, by action and outcome (failed:<kind> for API failures)',
      labelNames: ['action', 'outcome'],
    });
  }

  record(action: string, outcome: HostCommandOutcome): void {
    const label = outcome.kind === 'failed' ? `failed:${outcome.failure}` : outcome.kind;
    this.commands.inc({ action, outcome: label });
  }
}
