import type { MsgHdrs } from '@nats-io/nats-core';
import { Heartbeat, Subjects } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { benchHeartbeat } from './bench-heartbeat';

interface StreamAgent {
  subject: string;
  headers: MsgHdrs;
  heartbeat: Heartbeat;
}

/**
 * Heartbeats of a fleet exactly as the agent SDK sends them (subject with partition token, CloudEvents
 * headers, JSON body), round-robin over the agents with each agent's sequence rising by one per beat,
 * so a collector accepts every one as news instead of discarding duplicates. Headers are encoded once
 * per agent and the body per beat, so the publisher stays cheap next to what it measures.
 */
export class HeartbeatStream {
  private readonly agents: StreamAgent[];
  private readonly encoder = new TextEncoder();
  private next = 0;

  constructor(agentCount: number) {
    const codec = new MessageCodec();
    this.agents = Array.from({ length: agentCount }, (_, index) => {
      const agentId = `bench-agent-${String(index).padStart(5, '0')}`;
      const heartbeat = benchHeartbeat(agentId);
      heartbeat.hostId = `bench-host-${index % 100}`;
      heartbeat.zone = `zone-${index % 3}`;
      heartbeat.sequence = 0;
      const { headers } = codec.encode(Heartbeat, heartbeat, { source: agentId });
      return { subject: Subjects.heartbeatOf(agentId), headers, heartbeat };
    });
  }

  get agentCount(): number {
    return this.agents.length;
  }

  /** The next beat: which subject, which headers, which body. */
  nextBeat(): { subject: string; headers: MsgHdrs; data: Uint8Array } {
    const agent = this.agents[this.next];
    this.next = (this.next + 1) % this.agents.length;
    agent.heartbeat.sequence++;
    return {
      subject: agent.subject,
      headers: agent.headers,
      data: this.encoder.encode(JSON.stringify(agent.heartbeat)),
    };
  }
}
