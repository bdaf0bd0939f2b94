import {
  assertIdToken,
  CommandGate,
  commandReceipt,
  ReceiptMemory,
  type CommandReceipt,
  type RecoveryCommand,
} from '@warden/contracts';
import type { ClusterPort } from './cluster-port';
import { commandedPod } from './commanded-pod';
import { agentIdLabelProblem } from './label-value';
import { classifyKubeError, type KubeFailureKind } from './kube-failure';
import { PodActions } from './pod-actions';

/** How a command ended: obeyed (the steps taken), refused before acting, or failed at the Kubernetes API. */
export type HostCommandOutcome =
  | { kind: 'obeyed'; steps: string[] }
  | { kind: 'refused'; reason: string }
  | { kind: 'failed'; failure: KubeFailureKind; reason: string };

export interface HandledCommand {
  receipt: CommandReceipt;
  /** Undefined when the receipt was recalled for a retried command id (it acted the first time only). */
  outcome?: HostCommandOutcome;
}

export interface KubernetesHostOptions {
  hostId: string;
  clockSkewToleranceMs: number;
}

/**
 * Obeys `host.<hostId>.control` on Kubernetes pods, as AgentHost does in-process: same CommandGate
 * (fencing first, never lowered by a refused command), same receipts (remembered by command id, so a
 * retry gets the first answer instead of acting twice). Unlike AgentHost it answers only once the API
 * calls are done, so the receipt says whether Kubernetes took the action (a PDB-blocked eviction is a
 * refusal with its reason, not an acceptance that silently fails).
 */
export class KubernetesHost {
  private readonly gate = new CommandGate();
  private readonly receipts = new ReceiptMemory();
  private readonly inFlight = new Map<string, Promise<HandledCommand>>();
  private readonly actions: PodActions;
  private stopping = false;

  constructor(
    private readonly cluster: ClusterPort,
    private readonly options: KubernetesHostOptions,
  ) {
    assertIdToken('host id', options.hostId);
    this.actions = new PodActions(cluster);
  }

  get hostId(): string {
    return this.options.hostId;
  }

  get clusterTarget(): string {
    return this.cluster.target;
  }

  /** The highest fencing token obeyed so far (for diagnostics). */
  get highestFencingToken(): number | undefined {
    return this.gate.highestFencingToken;
  }

  /** Refuses every command from now on (the process is shutting down); commands under way finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  handle(command: RecoveryCommand): Promise<HandledCommand> {
    const remembered = this.receipts.recall(command.commandId);
    if (remembered) return Promise.resolve({ receipt: remembered });
    // A retry of a command still under way joins it rather than acting a second time.
    const underway = this.inFlight.get(command.commandId);
    if (underway) return underway.then(({ receipt }) => ({ receipt }));
    const handling = this.decide(command).then((outcome) => {
      if (outcome.kind === 'obeyed') this.gate.accept(command);
      const refusal = outcome.kind === 'obeyed' ? undefined : outcome.reason;
      return {
        receipt: this.receipts.remember(commandReceipt(command.commandId, this.hostId, refusal)),
        outcome,
      };
    });
    this.inFlight.set(command.commandId, handling);
    return handling.finally(() => this.inFlight.delete(command.commandId));
  }

  private async decide(command: RecoveryCommand): Promise<HostCommandOutcome> {
    if (this.stopping) return { kind: 'refused', reason: `host ${this.hostId} is stopping` };
    if (command.hostId !== this.hostId) {
      return { kind: 'refused', reason: `addressed to host ${command.hostId}, this is ${this.hostId}` };
    }
    // Fencing before anything else, as AgentHost: a deposed coordinator must not even cause a lookup.
    const fencing = this.gate.check(command, command.incarnation);
    if (!fencing.accepted) return { kind: 'refused', reason: fencing.reason };
    const unlabellable = agentIdLabelProblem(command.agentId);
    if (unlabellable) return { kind: 'refused', reason: unlabellable };
    try {
      const found = commandedPod(
        await this.cluster.findAgentPods(command.agentId),
        command.agentId,
        command.incarnation,
        this.options.clockSkewToleranceMs,
      );
      if ('refusal' in found) return { kind: 'refused', reason: found.refusal };
      // A fencing token may have risen while the lookup ran; check again right before acting.
      const stillFenced = this.gate.check(command, command.incarnation);
      if (!stillFenced.accepted) return { kind: 'refused', reason: stillFenced.reason };
      const result = await this.actions.perform(command.action, found.pod, command.graceMs);
      return 'refusal' in result
        ? { kind: 'refused', reason: result.refusal }
        : { kind: 'obeyed', steps: result.done };
    } catch (error) {
      const failure = classifyKubeError(error);
      if (!failure) throw error;
      return { kind: 'failed', failure: failure.kind, reason: failure.reason };
    }
  }
}
