import { NatsConnectionConfig, connectNats, type NatsClient } from '@warden/messaging';
import { loadConfig, type Logger } from '@warden/telemetry';
import { NatsTestAuth, startNatsServer, type NatsServerHandle } from '@warden/testing';
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
  /**
   * The NATS variables a process of `identity` gets: on the server started here, the generated
   * identity's user and per-run password; on an external server, none (the environment's own apply).
   */
  credentialsOf(identity: string): Record<string, string>;
  /** fleet-sim's per-role credential variables, likewise. */
  fleetSimCredentials(): Record<string, string>;
  /** Stops the server when this runner started it (and deletes its store); an external one is left alone. */
  stopServer(): Promise<void>;
}

/**
 * Uses `url` when given (reachable, with JetStream, or a typed error); else starts a local nats-server
 * with JetStream on a free port and a temporary store, with the generated accounts of production
 * (k8s/nats/accounts.generated.conf) and fresh random passwords, so the local run has the same
 * permissions as a deployment. NatsServerMissingError passes through.
 */
export async function provideNats(url: string | undefined, logger: Logger): Promise<NatsEndpoint> {
  if (url !== undefined) {
    const client = await connectChecked(url, logger);
    return {
      url,
      origin: 'external',
      client,
      credentialsOf: () => ({}),
      fleetSimCredentials: () => ({}),
      stopServer: async () => undefined,
    };
  }
  const auth = NatsTestAuth.generate();
  const server = await startNatsServer({ jetstream: true, auth });
  try {
    // The runner only watches and asks queries: the operator identity.
    const client = await connectChecked(server.url, logger, auth.clientEnv('operator'));
    return {
      url: server.url,
      origin: 'started',
      client,
      credentialsOf: (identity) => auth.clientEnv(identity),
      fleetSimCredentials: () => auth.fleetSimEnv(),
      stopServer: () => stopLocalServer(server, logger),
    };
  } catch (error) {
    await server.dispose();
    throw error;
  }
}

async function connectChecked(
  url: string,
  logger: Logger,
  credentials: Record<string, string> = {},
): Promise<NatsClient> {
  // NATS_USER, NATS_CREDS_FILE, TLS… come from the environment as for any service (or the server started here).
  const config = loadConfig(NatsConnectionConfig, { ...process.env, ...credentials, NATS_URL: url });
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

async function stopLocalServer(server: NatsServerHandle, logger: Logger): Promise<void> {
  await server.stop();
  // A refusal means a process lacks a permission it uses: the generated accounts need fixing (docs/security.md).
  const violations = server.permissionViolations();
  if (violations.length > 0)
    logger.warn(
      { violations: [...new Set(violations)].slice(0, 20) },
      `nats-server refused ${violations.length} operation(s)`,
    );
  await server.dispose();
}
