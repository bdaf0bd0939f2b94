import { AgentHost, type AgentDefinition, type AgentHandle } from '@warden/agent-sdk';
import type { NatsClient } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { AgentConditions } from '../faults/agent-conditions';
import type { Scenario } from '../scenario/scenario';
import type { RunCounters } from '../summary/run-counters';
import type { FleetLayout } from './fleet-layout';
import type { SeededRandom } from '@warden/agent-sdk';
import { simulatedWork } from './simulated-work';

export interface FleetOptions {
  layout: FleetLayout;
  scenario: Scenario;
  /** Opens the NATS connection of one simulated host. */
  connect: (hostId: string) => Promise<NatsClient>;
  logger: Logger;
  conditions: AgentConditions;
  counters: RunCounters;
  random: SeededRandom;
  report: (line: string) => void;
}

const AGENTS_STARTED_AT_ONCE_PER_HOST = 100;

/**
 * The simulated hosts, one AgentHost (one NATS connection) each, with every agent of the layout. The
 * hosts obey the recovery coordinator's commands themselves; the fleet only adds what the environment
 * does: crashes, revivals and partitions.
 */
export class Fleet {
  private constructor(
    private readonly hosts: Map<string, AgentHost>,
    private readonly options: FleetOptions,
  ) {}

  static async start(options: FleetOptions): Promise<Fleet> {
    const hosts = new Map<string, AgentHost>();
    const fleet = new Fleet(hosts, options);
    try {
      await Promise.all(
        options.layout.hosts.map(async ({ hostId }) => hosts.set(hostId, await fleet.startHost(hostId))),
      );
    } catch (error) {
      await fleet.stop(0);
      throw error;
    }
    return fleet;
  }

  /** Every agent of the fleet that runs now (crashed ones are kept by their hosts, but not alive). */
  liveAgents(): AgentHandle[] {
    const live: AgentHandle[] = [];
    for (const host of this.hosts.values())
      for (const agent of host.handles) if (agent.alive) live.push(agent);
    return live;
  }

  agent(agentId: string): AgentHandle | undefined {
    const hostId = this.options.layout.placement(agentId)?.hostId;
    return hostId === undefined ? undefined : this.hosts.get(hostId)?.agent(agentId);
  }

  crash(agentId: string): void {
    this.agent(agentId)?.kill();
  }

  /** The environment brings a crashed agent back (not a recovery command): a new incarnation at once. */
  async revive(agentId: string): Promise<void> {
    const hostId = this.options.layout.placement(agentId)?.hostId;
    const host = hostId === undefined ? undefined : this.hosts.get(hostId);
    if (!host || host.agent(agentId)?.alive) return;
    await host.restartAgent(agentId, 0);
  }

  partition(hostId: string, durationMs: number): Promise<void> {
    return this.hosts.get(hostId)?.dropConnection(durationMs) ?? Promise.resolve();
  }

  /** Stops every host: each agent says `stopped` in a final heartbeat, then the connections drain. */
  async stop(graceMs: number): Promise<void> {
    await Promise.all([...this.hosts.values()].map((host) => host.stop(graceMs)));
  }

  private async startHost(hostId: string): Promise<AgentHost> {
    const { scenario, layout, counters, report } = this.options;
    const host = await AgentHost.start({
      hostId,
      connect: () => this.options.connect(hostId),
      logger: this.options.logger,
      restartDelayMs: scenario.fleet.restartDelayMs,
      stopGraceMs: 1000,
    });
    host.register((agentId) =>
      layout.placement(agentId)?.hostId === hostId ? this.definitionOf(agentId) : undefined,
    );
    host.on('command', (command, receipt) => {
      if (!receipt.accepted) {
        counters.commandsRefused++;
        report(`refused ${command.action} of ${command.agentId} from ${command.issuedBy}: ${receipt.reason}`);
        return;
      }
      if (command.action === 'restart' || command.action === 'replace') counters.restartsObeyed++;
      report(
        `obeying ${command.action} of ${command.agentId} (incarnation ${command.incarnation}) from ${command.issuedBy}`,
      );
    });
    const agentIds = layout.agentsOfHost(hostId);
    for (let from = 0; from < agentIds.length; from += AGENTS_STARTED_AT_ONCE_PER_HOST) {
      await Promise.all(
        agentIds
          .slice(from, from + AGENTS_STARTED_AT_ONCE_PER_HOST)
          .map((agentId) => host.startAgent(agentId)),
      );
    }
    return host;
  }

  private definitionOf(agentId: string): AgentDefinition | undefined {
    const { scenario, layout, conditions, counters, random } = this.options;
    const placement = layout.placement(agentId);
    if (!placement) return undefined;
    return {
      spec: {
        zone: placement.zone,
        capabilities: scenario.fleet.capabilities,
        capacity: scenario.fleet.capacity,
        heartbeatIntervalMs: scenario.fleet.heartbeatIntervalMs,
        queueLimit: scenario.fleet.capacity * 2,
        // Synthetic ids are never redelivered; a short memory keeps 10,000 agents small.
        rememberedTasks: 16,
      },
      handler: simulatedWork(
        agentId,
        conditions,
        { meanMs: scenario.load.taskDurationMs.mean, jitterRatio: scenario.load.taskDurationMs.jitterRatio },
        random,
      ),
      onStarted: () => {
        conditions.of(agentId).processRestarted();
        counters.incarnationsStarted++;
      },
    };
  }
}
