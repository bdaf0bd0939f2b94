import { RecoveryCommand, Subjects, assertIdToken, type CommandReceipt } from '@warden/contracts';
import { Messaging, type CoreSubscription, type NatsClient } from '@warden/messaging';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import { Agent } from '../agent/agent';
import type { AgentHandle } from '../agent/agent-handle';
import { CommandGate } from '../control/command-gate';
import { commandReceipt, ReceiptMemory } from '../control/receipt-memory';
import { Listeners } from '../events/listeners';
import { InvalidLifecycleTransitionError } from '../lifecycle/agent-lifecycle-machine';
import type { ResourceSampler } from '../load/load-meter';
import { SharedResourceSampler } from '../load/shared-resource-sampler';
import { PeriodicScheduler } from '../scheduling/periodic-scheduler';
import type { AgentFactory } from './agent-factory';
import { AgentAlreadyRunningError, HostDisconnectedError, UnknownAgentError } from './host-errors';
import { recoveryCommandRefusal } from './recovery-command-check';
import { inHostCommandSpan } from '../tracing/agent-spans';

export interface AgentHostOptions {
  hostId: string;
  /** Opens the host's one NATS connection; called again when a dropped connection is restored. */
  connect: () => Promise<NatsClient>;
  logger?: Logger;
  metrics?: MetricsRegistry;
  /** Pause between stopping an agent and starting its next incarnation on a restart command; default 0. */
  restartDelayMs?: number;
  /** How long in-flight tasks may run when a command stops an agent; default 5 s. */
  stopGraceMs?: number;
  scheduler?: PeriodicScheduler;
  resources?: ResourceSampler;
}

export interface AgentHostEvents {
  /** Every recovery command received on `host.<id>.control`, with its receipt. */
  command: (command: RecoveryCommand, receipt: CommandReceipt) => void;
  /** Every incarnation the host started (first start, restart, replacement). */
  started: (agent: AgentHandle) => void;
}

interface Connection {
  client: NatsClient;
  control: CoreSubscription;
}

/**
 * Runs many agents in one process over one NATS connection and obeys `host.<hostId>.control`: the
 * recovery coordinator's restart, replace, drain and stop. It builds agents through the factories the
 * embedding program registered, since only that program knows an agent's task handler.
 */
export class AgentHost {
  private readonly agents = new Map<string, Agent>();
  private readonly factories: AgentFactory[] = [];
  private readonly gate = new CommandGate();
  private readonly receipts = new ReceiptMemory();
  private readonly restarts = new Map<string, Promise<AgentHandle | undefined>>();
  private readonly delays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly events: Listeners<AgentHostEvents>;
  private readonly logger: Logger;
  private readonly metrics: MetricsRegistry;
  private readonly scheduler: PeriodicScheduler;
  private readonly resources: ResourceSampler;
  private connection?: Connection;
  /** Set while a dropped connection is away; agents started meanwhile wait for it. */
  private restored?: Promise<void>;
  private stopped = false;

  private constructor(private readonly options: AgentHostOptions) {
    assertIdToken('host id', options.hostId);
    this.logger =
      options.logger ?? createLogger({ service: 'agent-host', instanceId: options.hostId, level: 'warn' });
    this.metrics =
      options.metrics ??
      new MetricsRegistry({
        service: 'agent-host',
        instanceId: options.hostId,
        collectProcessMetrics: false,
      });
    this.scheduler = options.scheduler ?? new PeriodicScheduler();
    this.resources = options.resources ?? new SharedResourceSampler();
    this.events = new Listeners((error, event) =>
      this.logger.error({ err: error, event }, 'Agent host listener failed'),
    );
  }

  static async start(options: AgentHostOptions): Promise<AgentHost> {
    const host = new AgentHost(options);
    host.connection = await host.open();
    return host;
  }

  get hostId(): string {
    return this.options.hostId;
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** The agents of this host, including crashed ones (a restart command may still name them). */
  get handles(): AgentHandle[] {
    return [...this.agents.values()];
  }

  agent(agentId: string): AgentHandle | undefined {
    return this.agents.get(agentId);
  }

  register(factory: AgentFactory): void {
    this.factories.push(factory);
  }

  on<K extends keyof AgentHostEvents>(event: K, listener: AgentHostEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Starts an agent built by the registered factories; it is `ready` when this resolves. While the
   * connection is dropped, it waits for the connection to come back.
   */
  async startAgent(agentId: string): Promise<AgentHandle> {
    const definition = this.definitionOf(agentId);
    if (!definition) throw new UnknownAgentError(this.hostId, agentId);
    if (this.agents.get(agentId)?.alive) throw new AgentAlreadyRunningError(this.hostId, agentId);
    if (!this.connection) await this.restored;
    const connection = this.connection;
    if (!connection) throw new HostDisconnectedError(this.hostId);
    const agent = new Agent(
      { ...definition.spec, id: agentId, hostId: this.hostId },
      { logger: this.logger, scheduler: this.scheduler, resources: this.resources },
    );
    this.agents.set(agentId, agent);
    await agent.start(this.messagingFor(agentId, connection.client));
    agent.onTask(definition.handler);
    definition.onStarted?.(agent);
    this.events.emit('started', agent);
    return agent;
  }

  /**
   * Stops the agent (if it still runs), waits `delayMs` and starts its next incarnation. A restart that
   * is already under way is joined, not doubled.
   */
  restartAgent(
    agentId: string,
    delayMs = this.options.restartDelayMs ?? 0,
    graceMs = this.defaultGraceMs,
  ): Promise<AgentHandle | undefined> {
    const underway = this.restarts.get(agentId);
    if (underway) return underway;
    const restart = this.replaceIncarnation(agentId, delayMs, graceMs).finally(() =>
      this.restarts.delete(agentId),
    );
    this.restarts.set(agentId, restart);
    return restart;
  }

  /**
   * Simulates a network partition of the whole host: its connection closes at once (no final beats;
   * to the fleet its agents fall silent) and is reopened after `durationMs`, when every agent still alive
   * resumes beating with the same incarnation and the next sequence.
   */
  async dropConnection(durationMs: number): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    this.connection = undefined;
    let markRestored!: () => void;
    this.restored = new Promise((resolve) => (markRestored = resolve));
    try {
      await connection.client.connection.close();
      await Promise.all([
        connection.control.stop(),
        ...[...this.agents.values()].map((agent) => agent.detach()),
      ]);
      await this.delay(durationMs);
      if (this.stopped) return;
      const restored = await this.open();
      await Promise.all(
        [...this.agents.values()]
          .filter((agent) => agent.alive)
          .map((agent) => agent.attach(this.messagingFor(agent.id, restored.client))),
      );
      this.connection = restored;
    } finally {
      this.restored = undefined;
      markRestored();
    }
  }

  /** Stops every agent gracefully (final `stopped` beats), then the control inbox, then the connection. */
  async stop(graceMs = this.defaultGraceMs): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const pending of [...this.delays]) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    await Promise.allSettled([...this.restarts.values()]);
    await Promise.all([...this.agents.values()].map((agent) => agent.stop({ graceMs })));
    const connection = this.connection;
    this.connection = undefined;
    if (connection) {
      await connection.control.stop();
      await connection.client.drain();
    }
  }

  private async open(): Promise<Connection> {
    const client = await this.options.connect();
    const messaging = new Messaging(client, {
      service: this.hostId,
      logger: this.logger,
      metrics: this.metrics,
    });
    const control = await messaging.serveRequests(
      Subjects.hostControl(this.hostId),
      RecoveryCommand,
      (command) => inHostCommandSpan(command, this.hostId, () => this.onCommand(command)),
      {
        queue: this.hostId,
      },
    );
    return { client, control };
  }

  private messagingFor(agentId: string, client: NatsClient): Messaging {
    // One Messaging per agent over the shared connection, so each agent is the source of what it sends.
    return new Messaging(client, { service: agentId, logger: this.logger, metrics: this.metrics });
  }

  private definitionOf(agentId: string): ReturnType<AgentFactory> {
    for (const factory of this.factories) {
      const definition = factory(agentId);
      if (definition) return definition;
    }
    return undefined;
  }

  /** How long in-flight work may finish when the command does not say (a RecoveryCommand's graceMs wins). */
  private get defaultGraceMs(): number {
    return this.options.stopGraceMs ?? 5000;
  }

  private async replaceIncarnation(
    agentId: string,
    delayMs: number,
    graceMs: number,
  ): Promise<AgentHandle | undefined> {
    await this.agents.get(agentId)?.stop({ graceMs });
    await this.delay(delayMs);
    if (this.stopped) return undefined;
    return this.startAgent(agentId);
  }

  private onCommand(command: RecoveryCommand): CommandReceipt {
    const remembered = this.receipts.recall(command.commandId);
    if (remembered) return remembered;
    const agent = this.agents.get(command.agentId);
    const refusal = this.stopped
      ? `host ${this.hostId} is stopping`
      : recoveryCommandRefusal(
          command,
          this.hostId,
          { incarnation: agent?.incarnation, buildable: this.definitionOf(command.agentId) !== undefined },
          this.gate,
        );
    const outcome = refusal ?? this.obey(command, agent);
    if (outcome === undefined) this.gate.accept(command);
    const receipt = this.receipts.remember(commandReceipt(command.commandId, this.hostId, outcome));
    this.events.emit('command', command, receipt);
    return receipt;
  }

  /** Sets the command going; returns why it cannot be carried out, if the agent's state forbids it. */
  private obey(command: RecoveryCommand, agent: Agent | undefined): string | undefined {
    const failed = (error: unknown): void =>
      this.logger.error({ err: error, command }, `Recovery command ${command.action} failed`);
    if (command.action === 'restart') {
      this.restartAgent(command.agentId, undefined, command.graceMs ?? this.defaultGraceMs).catch(failed);
      return undefined;
    }
    if (command.action === 'replace') {
      // A replacement is a fresh incarnation at once: there is no failed process to let settle first.
      this.restartAgent(command.agentId, 0, command.graceMs ?? this.defaultGraceMs).catch(failed);
      return undefined;
    }
    if (!agent?.alive) return `agent ${command.agentId} is not running on host ${this.hostId}`;
    if (command.action === 'stop') {
      agent.stop({ graceMs: command.graceMs ?? this.defaultGraceMs }).catch(failed);
      return undefined;
    }
    try {
      agent.drain().catch(failed);
      return undefined;
    } catch (error) {
      if (error instanceof InvalidLifecycleTransitionError) return error.message;
      throw error;
    }
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const pending = {
        resolve,
        timer: setTimeout(() => {
          this.delays.delete(pending);
          resolve();
        }, ms),
      };
      this.delays.add(pending);
    });
  }
}
