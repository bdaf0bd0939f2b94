import { Heartbeat, Subjects } from '@warden/contracts';
import type { Publisher } from '@warden/messaging';

interface SimulatedAgent {
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
  sequence: number;
  beating: boolean;
  errorRatio: number;
}

/**
 * A minimal fleet for the collector's tests: heartbeats exactly as the agent SDK sends them (same
 * subject, envelope and message class), with crash (stop beating) and restart (new incarnation) as the
 * only faults, so the collector is tested on its own.
 */
export class HeartbeatFleet {
  private readonly agents = new Map<string, SimulatedAgent>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly publisher: Publisher,
    count: number,
    readonly intervalMs = 1_000,
    zones = 3,
  ) {
    for (let i = 0; i < count; i++) {
      const agentId = `agent-${String(i).padStart(5, '0')}`;
      this.agents.set(agentId, {
        agentId,
        hostId: `host-${i % 10}`,
        zone: `zone-${i % zones}`,
        incarnation: 1_000 + i,
        sequence: 0,
        beating: true,
        errorRatio: 0,
      });
    }
  }

  get ids(): string[] {
    return [...this.agents.keys()];
  }

  start(): void {
    this.beatAll();
    this.timer = setInterval(() => this.beatAll(), this.intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  crash(agentId: string): void {
    this.agent(agentId).beating = false;
  }

  restart(agentId: string): void {
    const agent = this.agent(agentId);
    agent.incarnation += 1_000_000;
    agent.sequence = 0;
    agent.beating = true;
  }

  setErrorRatio(agentId: string, errorRatio: number): void {
    this.agent(agentId).errorRatio = errorRatio;
  }

  private agent(agentId: string): SimulatedAgent {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`no simulated agent ${agentId}`);
    return agent;
  }

  private beatAll(): void {
    for (const agent of this.agents.values()) {
      if (!agent.beating) continue;
      agent.sequence++;
      this.publisher.publish(Subjects.heartbeatOf(agent.agentId), Heartbeat, {
        agentId: agent.agentId,
        hostId: agent.hostId,
        zone: agent.zone,
        capabilities: ['summarize'],
        capacity: 4,
        inFlightTasks: 1,
        queueDepth: 0,
        cpuRatio: 0.2,
        memoryBytes: 100_000_000,
        latencyEwmaMs: 20,
        errorRatio: agent.errorRatio,
        tasksCompleted: agent.sequence,
        tasksFailed: 0,
        sequence: agent.sequence,
        incarnation: agent.incarnation,
        lifecycle: 'ready',
        intervalMs: this.intervalMs,
        sentAt: new Date().toISOString(),
      });
    }
  }
}
