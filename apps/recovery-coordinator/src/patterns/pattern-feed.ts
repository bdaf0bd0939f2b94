import { DeliverPolicy, type ConsumerMessages, type JetStreamClient } from '@nats-io/jetstream';
import { PatternDetected, Streams, SubjectWildcards } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import type { Logger } from '@warden/telemetry';
import type { ActivePatterns } from './active-patterns';

/** How far back a starting replica reads patterns: longer than any incident stays active unrevised. */
const REPLAY_MS = 60 * 60 * 1000;

/**
 * Keeps this replica's ActivePatterns current: every replica needs every pattern to fold failures,
 * while the durable consumer gives each pattern to one replica only. An ordered consumer replays the
 * last hour of `supervision.patterns.*` and then follows new ones.
 */
export class PatternFeed {
  private readonly codec = new MessageCodec();
  private messages?: ConsumerMessages;
  private following?: Promise<void>;
  private caughtUpFlag = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly patterns: ActivePatterns,
    private readonly logger: Logger,
  ) {}

  get caughtUp(): boolean {
    return this.caughtUpFlag;
  }

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(Streams.SUPERVISION.name, {
      filter_subjects: SubjectWildcards.patterns,
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: new Date(Date.now() - REPLAY_MS).toISOString(),
    });
    if ((await consumer.info()).num_pending === 0) this.caughtUpFlag = true;
    this.messages = await consumer.consume();
    this.following = this.follow(this.messages);
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.following;
  }

  private async follow(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      try {
        this.patterns.record(this.codec.decode(message, PatternDetected).payload);
      } catch (error) {
        this.logger.warn(
          { err: error, subject: message.subject },
          'unreadable pattern skipped by the pattern feed',
        );
      }
      if (message.info.pending === 0) this.caughtUpFlag = true;
    }
  }
}
