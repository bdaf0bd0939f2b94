import { AgentHost } from '@warden/agent-sdk';
import { connectNats, NatsConnectionConfig, type NatsClient } from '@warden/messaging';
import { createLogger, type Logger } from '@warden/telemetry';
import { Writable } from 'node:stream';

export function quietLogger(): Logger {
  return createLogger({
    service: 'bench',
    instanceId: 'bench',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

export interface BenchFleetOptions {
  agents: number;
  capacity: number;
  /** Each agent's task time in ms (0: answer at once). */
  taskMs: (agentId: string) => number;
}

/** Real agents (agent-sdk) on one host connection, doing nothing but waiting their task time. */
export class BenchFleet {
  private constructor(
    private readonly host: AgentHost,
    readonly agentIds: readonly string[],
  ) {}

  static async start(url: string, options: BenchFleetOptions): Promise<BenchFleet> {
    const connect = (): Promise<NatsClient> =>
      connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: url }), {
        name: 'bench-fleet',
        logger: quietLogger(),
      });
    const host = await AgentHost.start({
      hostId: 'bench-host',
      connect,
      logger: quietLogger(),
      stopGraceMs: 100,
    });
    host.register((agentId) => ({
      spec: {
        zone: 'zone-a',
        capabilities: ['bench'],
        capacity: options.capacity,
        queueLimit: options.capacity * 4,
        heartbeatIntervalMs: 500,
      },
      handler: async () => {
        const ms = options.taskMs(agentId);
        if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        return undefined;
      },
    }));
    const agentIds = Array.from({ length: options.agents }, (_, i) => `bench-agent-${i}`);
    await Promise.all(agentIds.map((id) => host.startAgent(id)));
    return new BenchFleet(host, agentIds);
  }

  stop(): Promise<void> {
    return this.host.stop(100);
  }
}
