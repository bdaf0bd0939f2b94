import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { MsgHdrs } from '@nats-io/nats-core';
import { Heartbeat, Subjects } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { benchHeartbeat } from '../../workloads/bench-heartbeat';

const SLOT_MS = 5;
/** Intervals kept per agent for the theoretical bound: as many as the detector keeps. */
const KEPT_INTERVALS = 200;

interface FleetAgent {
  index: number;
  agentId: string;
  subject: string;
  headers: MsgHdrs;
  heartbeat: Heartbeat;
  /** performance.now() of the last beat sent. */
  lastSentAt: number;
  intervals: number[];
  crashed: boolean;
}

/**
 * Agents beating on core NATS exactly as the SDK does (subject, CloudEvents headers, body), each every
 * `intervalMs` ± `jitter` (uniform), scheduled on 5 ms slots. Crashing an agent stops its beats; the
 * fleet remembers when each agent's last beat left and the intervals it beat at.
 */
export class JitteredFleet {
  private readonly agents: FleetAgent[];
  private readonly slots = new Map<number, number[]>();
  private readonly encoder = new TextEncoder();
  private timer?: NodeJS.Timeout;
  private nextSlot = 0;

  private constructor(
    private readonly connection: NatsConnection,
    count: number,
    readonly intervalMs: number,
    private readonly jitter: number,
  ) {
    const codec = new MessageCodec();
    this.agents = Array.from({ length: count }, (_, index) => {
      const agentId = `fd-agent-${String(index).padStart(5, '0')}`;
      const heartbeat = benchHeartbeat(agentId);
      Object.assign(heartbeat, {
        hostId: `fd-host-${index % 100}`,
        zone: `zone-${index % 3}`,
        sequence: 0,
        inFlightTasks: 0,
        intervalMs,
      });
      const { headers } = codec.encode(Heartbeat, heartbeat, { source: agentId });
      return {
        index,
        agentId,
        subject: Subjects.heartbeatOf(agentId),
        headers,
        heartbeat,
        lastSentAt: 0,
        intervals: [],
        crashed: false,
      };
    });
  }

  static async start(url: string, count: number, intervalMs: number, jitter: number): Promise<JitteredFleet> {
    const connection = await connect({ servers: url, name: 'bench-jittered-fleet' });
    const fleet = new JitteredFleet(connection, count, intervalMs, jitter);
    const now = performance.now();
    fleet.nextSlot = Math.floor(now / SLOT_MS);
    // Spread the first beats over one interval, as the SDK's timing wheel does.
    for (const agent of fleet.agents) fleet.schedule(agent, now + (agent.index / count) * intervalMs);
    fleet.timer = setInterval(() => fleet.turn(), SLOT_MS);
    return fleet;
  }

  get size(): number {
    return this.agents.length;
  }

  agentId(index: number): string {
    return this.agents[index].agentId;
  }

  /** Stops the agent's beats for good; returns when its last beat left (performance.now()). */
  crash(index: number): number {
    const agent = this.agents[index];
    agent.crashed = true;
    return agent.lastSentAt;
  }

  intervalsOf(index: number): readonly number[] {
    return this.agents[index].intervals;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.connection.drain();
  }

  private schedule(agent: FleetAgent, at: number): void {
    const slot = Math.floor(at / SLOT_MS);
    let due = this.slots.get(slot);
    if (!due) this.slots.set(slot, (due = []));
    due.push(agent.index);
  }

  private turn(): void {
    const now = performance.now();
    const current = Math.floor(now / SLOT_MS);
    for (; this.nextSlot <= current; this.nextSlot++) {
      const due = this.slots.get(this.nextSlot);
      if (!due) continue;
      this.slots.delete(this.nextSlot);
      for (const index of due) this.beat(this.agents[index], now);
    }
  }

  private beat(agent: FleetAgent, now: number): void {
    if (agent.crashed) return;
    if (agent.lastSentAt) {
      agent.intervals.push(now - agent.lastSentAt);
      if (agent.intervals.length > KEPT_INTERVALS) agent.intervals.shift();
    }
    agent.lastSentAt = now;
    agent.heartbeat.sequence++;
    this.connection.publish(agent.subject, this.encoder.encode(JSON.stringify(agent.heartbeat)), {
      headers: agent.headers,
    });
    const spread = 1 + (Math.random() * 2 - 1) * this.jitter;
    this.schedule(agent, now + this.intervalMs * spread);
  }
}
