import { startNatsServer, type NatsServerHandle } from '@warden/testing';

/**
 * Starts a private nats-server on a free loopback port (never the system one on 4222), and stops it and
 * deletes its store however `use` ends.
 */
export async function withNatsServer<T>(
  options: { jetstream: boolean },
  use: (server: NatsServerHandle) => Promise<T>,
): Promise<T> {
  const server = await startNatsServer(options);
  try {
    return await use(server);
  } finally {
    await server.stop();
    await server.dispose();
  }
}
