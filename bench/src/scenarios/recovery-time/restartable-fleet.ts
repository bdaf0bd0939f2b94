import { CommandReceipt, Heartbeat, RecoveryCommand, Subjects } from '@warden/contracts';
import { MessageCodec, type Messaging } from '@warden/messaging';
import type { MsgHdrs } from '@nats-io/nats-core';
import { benchHeartbeat } from '../../workloads/bench-heartbeat';

const TICK_MS = 10;

interface FleetAgent {
  agentId: string;
  subject: string;
  heartbeat: Heartbeat;
  headers: MsgHdrs;
  nextBeatAt: number;
  crashed: boolean;
}

/**
 * Agents beating every `intervalMs` (± 5 %) exactly as the SDK does, spread over hosts and zones, and
 * a simulated host per host id answering `host.<hostId>.control` with a restart delay of 0: a restart
 * command for the crashed incarnation starts the next incarnation at once, which beats immediately.
 */
export class RestartableFleet {
  private readonly agents = new Map<string, FleetAgent>();
  private readonly codec = new MessageCodec();
  private readonly encoder = new TextEncoder();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly messaging: Messaging,
    count: number,
    hosts: number,
    zones: number,
    readonly intervalMs: number,
  ) {
    const now = performance.now();
    for (let index = 0; index < count; index++) {
      const agentId = `rc-agent-${String(index).padStart(4, '0')}`;
      const heartbeat = Object.assign(benchHeartbeat(agentId), {
        hostId: `rc-host-${index % hosts}`,
        zone: `zone-${index % zones}`,
        sequence: 0,
        inFlightTasks: 0,
        errorRatio: 0,
        intervalMs,
        incarnation: Date.now(),
      });
      this.agents.set(agentId, {
        agentId,
        subject: Subjects.heartbeatOf(agentId),
        heartbeat,
        headers: this.codec.encode(Heartbeat, heartbeat, { source: agentId }).headers,
        nextBeatAt: now + (index / count) * intervalMs,
        crashed: false,
      });
    }
  }

  get ids(): string[] {
    return [...this.agents.keys()];
  }

  async start(): Promise<void> {
    const hostIds = new Set([...this.agents.values()].map((agent) => agent.heartbeat.hostId));
    for (const hostId of hostIds)
      await this.messaging.serveRequests(
        Subjects.hostControl(hostId),
        RecoveryCommand,
        (command) => this.obey(command),
        {
          queue: hostId,
        },
      );
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  incarnationOf(agentId: string): number {
    return this.agent(agentId).heartbeat.incarnation;
  }

  hostOf(agentId: string): string {
    return this.agent(agentId).heartbeat.hostId;
  }

  zoneOf(agentId: string): string {
    return this.agent(agentId).heartbeat.zone;
  }

  /** The process dies: no more beats, no announcement. */
  crash(agentId: string): void {
    this.agent(agentId).crashed = true;
  }

  private obey(command: RecoveryCommand): CommandReceipt {
    const agent = this.agent(command.agentId);
    const current = agent.heartbeat.incarnation;
    const restart = command.action === 'restart' || command.action === 'replace';
    const accepted = restart && agent.crashed && command.incarnation === current;
    if (accepted) this.restart(agent);
    return Object.assign(new CommandReceipt(), {
      commandId: command.commandId,
      accepted,
      ...(accepted
        ? {}
        : { reason: `incarnation ${command.incarnation} is not a crashed current one (${current})` }),
      receivedBy: agent.heartbeat.hostId,
      receivedAt: new Date().toISOString(),
    });
  }

  private restart(agent: FleetAgent): void {
    agent.heartbeat.incarnation = Math.max(Date.now(), agent.heartbeat.incarnation + 1);
    agent.heartbeat.sequence = 0;
    agent.headers = this.codec.encode(Heartbeat, agent.heartbeat, { source: agent.agentId }).headers;
    agent.crashed = false;
    this.beat(agent, performance.now());
  }

  private agent(agentId: string): FleetAgent {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`no simulated agent ${agentId}`);
    return agent;
  }

  private tick(): void {
    const now = performance.now();
    for (const agent of this.agents.values())
      if (!agent.crashed && agent.nextBeatAt <= now) this.beat(agent, now);
  }

  private beat(agent: FleetAgent, now: number): void {
    agent.heartbeat.sequence++;
    agent.heartbeat.sentAt = new Date().toISOString();
    this.messaging.client.connection.publish(
      agent.subject,
      this.encoder.encode(JSON.stringify(agent.heartbeat)),
      {
        headers: agent.headers,
      },
    );
    agent.nextBeatAt = now + this.intervalMs * (1 + (Math.random() * 2 - 1) * 0.05);
  }
}
