import { join } from 'node:path';
import { Streams } from '@warden/contracts';
import { connectNats, Messaging, NatsConnectionConfig } from '@warden/messaging';
import { MetricsRegistry } from '@warden/telemetry';
import { launchService, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { BenchFleet, quietLogger, type BenchFleetOptions } from './bench-fleet';
import { TaskSubmitter } from './task-submitter';

const ENTRY = join(__dirname, '..', '..', '..', '..', 'apps', 'load-balancer', 'dist', 'main.js');

/** A private nats-server with JetStream, the built load balancer as its own process, real agents and a submitter. */
export class LoadBalancerStack {
  private constructor(
    private readonly server: NatsServerHandle,
    private readonly balancer: ServiceProcess,
    readonly fleet: BenchFleet,
    readonly submitter: TaskSubmitter,
  ) {}

  static async start(fleet: BenchFleetOptions, env: Record<string, string> = {}): Promise<LoadBalancerStack> {
    const server = await startNatsServer({ jetstream: true });
    // Streams first, so the agents' first results are stored even before the balancer provisions.
    const client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'bench-provision',
      logger: quietLogger(),
    });
    const messaging = new Messaging(client, {
      service: 'bench',
      logger: quietLogger(),
      metrics: new MetricsRegistry({ service: 'bench', instanceId: 'bench', collectProcessMetrics: false }),
    });
    await messaging.provision({
      streams: [Streams.COORDINATION, Streams.SUPERVISION, Streams.DLQ],
      replicas: 1,
    });
    await messaging.close();
    const balancer = await launchService({
      entry: ENTRY,
      name: 'bench-load-balancer',
      env: {
        NATS_URL: server.url,
        LOG_LEVEL: 'warn',
        SERVICE_INSTANCE_ID: 'bench-lb',
        SLOW_START_MS: '0',
        ...env,
      },
    });
    const agents = await BenchFleet.start(server.url, fleet);
    const submitter = await TaskSubmitter.open(server.url);
    // Routable once the balancer has a heartbeat from every agent.
    for (let tries = 0; tries < 200; tries++) {
      const ready = await Promise.all(
        agents.agentIds.map(() =>
          submitter.submit('bench', 1_000).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (ready.every(Boolean)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return new LoadBalancerStack(server, balancer, agents, submitter);
  }

  async stop(): Promise<void> {
    await this.submitter.close();
    await this.fleet.stop();
    await this.balancer.stop();
    await this.server.stop();
    await this.server.dispose();
  }
}
