import { NatsConnectionConfig, connectNats, type NatsClient } from '@warden/messaging';
import { loadConfig, type Logger } from '@warden/telemetry';
import { startNatsServer, type NatsServerHandle } from '@warden/testing';
import type { NatsOrigin } from './fleet-view-state';

/** The given NATS server did not accept a connection. */
export class NatsUnreachableError extends Error {
  override readonly name = 'NatsUnreachableError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`Cannot connect to NATS at ${url}: ${(cause as Error).message ?? String(cause)}`, { cause });
  }
}

/** The given NATS server answers but has no JetStream, which the services need for their streams and buckets. */
export class JetStreamUnavailableError extends Error {
  override readonly name = 'JetStreamUnavailableError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `NATS at ${url} has no JetStream available (${(cause as Error).message ?? String(cause)}). ` +
        'Start it with -js (nats-server -js), or leave NATS_URL unset to let npm start run its own server.',
      { cause },
    );
  }
}

/** The NATS server the stack runs on, with the runner's own connection to it. */
export interface NatsEndpoint {
  readonly url: string;
  readonly origin: NatsOrigin;
  readonly client: NatsClient;
  /** Stops the server when this runner started it (and deletes its store); an external one is left alone. */
  stopServer(): Promise<void>;
}

/**
 * Uses `url` when given (reachable, with JetStream, or a typed error); else starts a local nats-server
 * with JetStream on a free port and a temporary store. NatsServerMissingError passes through.
 */
export async function provideNats(url: string | undefined, logger: Logger): Promise<NatsEndpoint> {
  if (url !== undefined) {
    const client = await connectChecked(url, logger);
    return { url, origin: 'external', client, stopServer: async () => undefined };
  }
  const server = await startNatsServer({ jetstream: true });
  try {
    const client = await connectChecked(server.url, logger);
    return { url: server.url, origin: 'started', client, stopServer: () => stopLocalServer(server) };
  } catch (error) {
    await server.dispose();
    throw error;
  }
}

async function connectChecked(url: string, logger: Logger): Promise<NatsClient> {
  // NATS_USER, NATS_CREDS_FILE, TLS… come from the environment as for any service; only the URL is ours.
  const config = loadConfig(NatsConnectionConfig, { ...process.env, NATS_URL: url });
  let client: NatsClient;
  try {
    client = await connectNats(config, { name: 'warden-start', logger });
  } catch (error) {
    throw new NatsUnreachableError(url, error);
  }
  try {
    await (await client.jetstreamManager()).getAccountInfo();
  } catch (error) {
    await client.connection.close();
    throw new JetStreamUnavailableError(url, error);
  }
  return client;
}

async function stopLocalServer(server: NatsServerHandle): Promise<void> {
  await server.stop();
  await server.dispose();
}
