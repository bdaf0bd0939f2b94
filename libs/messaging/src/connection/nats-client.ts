import { connect, type NatsConnection, type Status } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '@warden/telemetry';
import { toConnectionOptions } from './connection-options';
import type { NatsConnectionConfig } from './nats-connection-config';
import { ServerVersion } from './server-version';

export interface ConnectNatsOptions {
  /** Connection name shown by the server's monitoring (`/connz`): service and instance. */
  name: string;
  logger: Logger;
}

/**
 * One NATS connection of a process, with its JetStream handles, the connection state readiness
 * checks read, and a logged stream of status changes.
 */
export class NatsClient {
  readonly jetstream: JetStreamClient;
  private connected = true;

  constructor(
    readonly connection: NatsConnection,
    private readonly logger: Logger,
  ) {
    this.jetstream = jetstream(connection);
    void this.followStatus();
  }

  /** False between a disconnect and the next successful reconnect, and after close. */
  get isConnected(): boolean {
    return this.connected && !this.connection.isClosed();
  }

  /** The version of the server currently connected to; features are chosen from it. */
  get serverVersion(): ServerVersion {
    return ServerVersion.parse(this.connection.info?.version);
  }

  jetstreamManager(): Promise<JetStreamManager> {
    return jetstreamManager(this.connection);
  }

  /** Graceful shutdown: stops subscriptions after their pending messages, flushes publishes, then closes. */
  async drain(): Promise<void> {
    if (!this.connection.isClosed() && !this.connection.isDraining()) await this.connection.drain();
  }

  private async followStatus(): Promise<void> {
    try {
      for await (const status of this.connection.status()) this.onStatus(status);
    } catch (error) {
      this.logger.error({ err: error }, 'NATS status stream failed');
    }
  }

  private onStatus(status: Status): void {
    switch (status.type) {
      case 'disconnect':
        this.connected = false;
        this.logger.warn({ server: status.server }, 'NATS disconnected');
        break;
      case 'reconnect':
        this.connected = true;
        this.logger.info({ server: status.server }, 'NATS reconnected');
        break;
      case 'reconnecting':
        this.logger.debug('NATS reconnecting');
        break;
      case 'error':
        this.logger.error({ err: status.error }, 'NATS connection error');
        break;
      case 'ldm':
        this.logger.warn({ server: status.server }, 'NATS server entering lame duck mode');
        break;
      case 'slowConsumer':
        this.logger.warn({ subject: status.sub.getSubject(), pending: status.pending }, 'NATS slow consumer');
        break;
      case 'staleConnection':
        this.logger.warn('NATS connection stale');
        break;
      case 'close':
        this.connected = false;
        this.logger.info('NATS connection closed');
        break;
      default:
        break;
    }
  }
}

/** Connects with infinite, jittered reconnects; rejects only if no server is reachable at first. */
export async function connectNats(
  config: NatsConnectionConfig,
  options: ConnectNatsOptions,
): Promise<NatsClient> {
  const connection = await connect(toConnectionOptions(config, options.name));
  options.logger.info(
    { server: connection.getServer(), version: connection.info?.version },
    'NATS connected',
  );
  return new NatsClient(connection, options.logger);
}
