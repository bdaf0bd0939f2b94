import { freePort } from './free-port';
import { NatsServerHandle } from './nats-server';
import type { NatsTestAuth } from './nats-test-auth';

/** A JetStream cluster of real nats-server processes on loopback (3 nodes by default, as in Kubernetes). */
export class NatsClusterHandle {
  constructor(readonly servers: NatsServerHandle[]) {}

  get urls(): string[] {
    return this.servers.map((s) => s.url);
  }

  /** Permission violations logged by any node. */
  permissionViolations(): string[] {
    return this.servers.flatMap((s) => s.permissionViolations());
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.dispose()));
  }
}

/** `auth`: every node runs the generated accounts with the same test passwords. */
export async function startNatsCluster(
  size = 3,
  clusterName = 'warden-test',
  options: { auth?: NatsTestAuth } = {},
): Promise<NatsClusterHandle> {
  const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
  const servers = await Promise.all(
    routePorts.map((port, index) =>
      NatsServerHandle.start({
        name: `n${index + 1}`,
        cluster: { name: clusterName, port, routePorts: routePorts.filter((p) => p !== port) },
        auth: options.auth,
      }),
    ),
  );
  const cluster = new NatsClusterHandle(servers);
  try {
    // JetStream in a cluster is healthy once the nodes have routed to each other and elected a meta leader.
    await Promise.all(servers.map((s) => s.waitHealthy(30_000)));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
