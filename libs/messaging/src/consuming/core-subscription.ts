import type { Msg, Subscription } from '@nats-io/nats-core';
import type { Logger } from '@warden/telemetry';
import type { NatsClient } from '../connection/nats-client';
import { ConcurrencyLimiter } from './concurrency-limiter';

export interface CoreSubscriptionOptions {
  /** Queue group: each message goes to one member; replicas of a service share one group. */
  queue: string;
  concurrency: number;
}

/**
 * A core NATS queue subscription that runs `process` for each message with bounded concurrency.
 * `stop` drains: the server stops sending, messages already received are still processed.
 */
export class CoreSubscription {
  private readonly limiter: ConcurrencyLimiter;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private stopping?: Promise<void>;

  constructor(
    private readonly client: NatsClient,
    readonly subject: string,
    private readonly options: CoreSubscriptionOptions,
    private readonly process: (message: Msg) => Promise<void>,
    private readonly logger: Logger,
  ) {
    this.limiter = new ConcurrencyLimiter(options.concurrency);
  }

  /** Resolves once the server registered the subscription, so nothing published after it is missed. */
  async start(): Promise<void> {
    this.subscription = this.client.connection.subscribe(this.subject, { queue: this.options.queue });
    this.loop = this.receive(this.subscription);
    await this.client.connection.flush();
  }

  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    if (this.subscription && !this.subscription.isClosed() && !this.client.connection.isClosed())
      await this.subscription.drain();
    await this.loop;
    await this.limiter.idle();
    if (!this.client.connection.isClosed()) await this.client.connection.flush();
  }

  private async receive(subscription: Subscription): Promise<void> {
    try {
      for await (const message of subscription) {
        const release = await this.limiter.acquire();
        void this.process(message)
          .catch((error: unknown) =>
            this.logger.error(
              { err: error, subject: message.subject },
              'Message processing failed unexpectedly',
            ),
          )
          .finally(release);
      }
    } catch (error) {
      this.logger.error({ err: error, subject: this.subject }, 'Core subscription ended with an error');
    }
  }
}
