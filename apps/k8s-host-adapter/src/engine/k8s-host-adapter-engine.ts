import { RecoveryCommand, Subjects, type CommandReceipt } from '@warden/contracts';
import type { CoreSubscription, Messaging } from '@warden/messaging';
import type { Logger, MetricsRegistry, ReadinessCheck, ServiceEngine } from '@warden/telemetry';
import type { KubernetesHost } from '../domain/kubernetes-host';
import { HostCommandMetrics } from './host-command-metrics';
import { inHostCommandSpan } from './host-command-span';

export const K8S_HOST_ADAPTER_SERVICE = 'k8s-host-adapter';

/**
 * Serves `host.<hostId>.control` by request/reply, queue group = host id as AgentHost does, and answers
 * each RecoveryCommand with the receipt the KubernetesHost decides.
 */
export class K8sHostAdapterEngine implements ServiceEngine {
  private control?: CoreSubscription;
  private readonly commandMetrics: HostCommandMetrics;

  constructor(
    private readonly messaging: Messaging,
    private readonly host: KubernetesHost,
    private readonly logger: Logger,
    metrics: MetricsRegistry,
  ) {
    this.commandMetrics = new HostCommandMetrics(metrics);
  }

  async start(): Promise<void> {
    this.control = await this.messaging.serveRequests(
      Subjects.hostControl(this.host.hostId),
      RecoveryCommand,
      (command) => this.onCommand(command),
      { queue: this.host.hostId },
    );
    this.logger.info(
      { hostId: this.host.hostId, cluster: this.host.clusterTarget },
      'serving host control commands on Kubernetes',
    );
  }

  async stop(): Promise<void> {
    await this.host.stop();
    await this.control?.stop();
  }

  readinessChecks(): Readonly<Record<string, ReadinessCheck>> {
    return {
      'host-control': () => ({
        ready: this.control !== undefined,
        detail: `host.${this.host.hostId}.control`,
      }),
    };
  }

  private onCommand(command: RecoveryCommand): Promise<CommandReceipt> {
    return inHostCommandSpan(command, this.host.hostId, async () => {
      const handled = await this.host.handle(command);
      const outcome = handled.outcome;
      if (outcome) {
        this.commandMetrics.record(command.action, outcome);
        const fields = { command, outcome };
        if (outcome.kind === 'obeyed') this.logger.info(fields, `host command ${command.action} obeyed`);
        else this.logger.warn(fields, `host command ${command.action} ${outcome.kind}: ${outcome.reason}`);
      }
      return handled;
    });
  }
}
