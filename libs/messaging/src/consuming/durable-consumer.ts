import { context as otelContext } from '@opentelemetry/api';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { DeadLetterReason } from '@warden/contracts';
import { DecodeError } from '../codec/decode-error';
import type { DecodedMessage, ExpectedMessage } from '../codec/message-codec';
import { ensureConsumer } from '../provisioning/ensure-consumer';
import type { MessagingRuntime } from '../runtime/messaging-runtime';
import { recordSpanError } from '../tracing/messaging-tracer';
import { BackoffSchedule } from './backoff-schedule';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { decodeFailureDetails, errorDetail, type FailureDetail } from './dead-letter-publisher';
import { UnrecoverableMessageError, type MessageHandler } from './message-context';

export interface DurableConsumerOptions<T extends object> {
  stream: string;
  /** Shared by every replica of the service, so each message goes to one of them; defaults to the service name. */
  durableName?: string;
  filterSubject: string;
  /** One class, or accepted classes by `ce-type` (e.g. v1 and v2 during a rollout). */
  messageClass: ExpectedMessage<T>;
  handler: MessageHandler<T>;
  /** Handler attempts before the message is dead-lettered. */
  maxDeliver?: number;
  /** Redelivery delay after the n-th failed attempt; the last entry repeats. */
  backoffMs?: readonly number[];
  /** How long a delivery may stay unacknowledged before JetStream redelivers it. */
  ackWaitMs?: number;
  /**
   * While the handler runs, tell the server every third of `ackWaitMs` that the message is in progress:
   * a long handler keeps its message, and one whose process died loses it after a single ack wait, so a
   * short ack wait no longer caps how long a handler may take. Off by default.
   */
  keepInProgress?: boolean;
  /** Handlers of this consumer running at once in this process. */
  concurrency?: number;
  /** Unacknowledged messages across all replicas before the server pauses delivery. */
  maxAckPending?: number;
  /** Where a new durable starts: the whole stream (default) or only new messages. */
  deliverPolicy?: 'all' | 'new';
}

export const DURABLE_CONSUMER_DEFAULTS = {
  maxDeliver: 5,
  backoffMs: [1000, 5000, 15000, 30000],
  ackWaitMs: 30_000,
  concurrency: 8,
  maxAckPending: 1000,
} as const;

/**
 * Runs a handler over a JetStream durable pull consumer.
 *
 * Ack after the handler succeeds; nak with the backoff delay when it throws; dead-letter and `term`
 * when the handler failed `maxDeliver` times, threw UnrecoverableMessageError, or the message cannot
 * be decoded or validated. The bound is enforced here rather than by the server's `max_deliver`
 * (left unlimited): the server drops a message silently when its bound runs out, whereas here
 * exhaustion always ends in the DLQ, and a message is only removed once the DLQ acknowledged its copy.
 * A delivery whose ack wait expired (a crashed or hung handler) also counts, so a message that kills
 * its process reaches the DLQ instead of looping.
 */
export class DurableConsumer<T extends object> {
  readonly durableName: string;
  private readonly maxDeliver: number;
  private readonly ackWaitMs: number;
  private readonly backoff: BackoffSchedule;
  private readonly limiter: ConcurrencyLimiter;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping?: Promise<void>;

  constructor(
    private readonly runtime: MessagingRuntime,
    private readonly options: DurableConsumerOptions<T>,
  ) {
    this.durableName = options.durableName ?? runtime.service;
    this.maxDeliver = options.maxDeliver ?? DURABLE_CONSUMER_DEFAULTS.maxDeliver;
    this.ackWaitMs = options.ackWaitMs ?? DURABLE_CONSUMER_DEFAULTS.ackWaitMs;
    this.backoff = new BackoffSchedule(options.backoffMs ?? DURABLE_CONSUMER_DEFAULTS.backoffMs);
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? DURABLE_CONSUMER_DEFAULTS.concurrency);
    if (!Number.isInteger(this.maxDeliver) || this.maxDeliver < 1)
      throw new RangeError(`maxDeliver must be a positive integer, got ${this.maxDeliver}`);
  }

  /** Provisions the durable (create or update) and starts pulling. */
  async start(): Promise<void> {
    const { client } = this.runtime;
    const result = await ensureConsumer(await client.jetstreamManager(), client.serverVersion, {
      stream: this.options.stream,
      durableName: this.durableName,
      filterSubjects: [this.options.filterSubject],
      ackWaitMs: this.ackWaitMs,
      maxDeliver: -1,
      maxAckPending: this.options.maxAckPending ?? DURABLE_CONSUMER_DEFAULTS.maxAckPending,
      deliverPolicy: this.options.deliverPolicy ?? 'all',
      description: `${this.runtime.service}: ${this.options.filterSubject}`,
    });
    if (result.action !== 'unchanged')
      this.runtime.logger.info({ consumer: result }, 'JetStream consumer provisioned');
    const consumer = await client.jetstream.consumers.get(this.options.stream, this.durableName);
    this.messages = await consumer.consume({ max_messages: this.limiter.limit });
    void this.logNotifications(this.messages);
    this.loop = this.pull(this.messages);
  }

  /** Graceful stop: no more pulls, buffered messages handed back at once, in-flight handlers finish and ack. */
  stop(): Promise<void> {
    this.stopping ??= this.drain();
    return this.stopping;
  }

  private async drain(): Promise<void> {
    await this.messages?.close();
    await this.loop;
    await this.limiter.idle();
    if (!this.runtime.client.connection.isClosed()) await this.runtime.client.connection.flush();
  }

  private async pull(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) {
        const release = await this.limiter.acquire();
        if (this.stopping) {
          release();
          // Handing it back now lets another replica take it instead of waiting out the ack wait.
          message.nak();
          continue;
        }
        void this.process(message)
          .catch((error: unknown) =>
            this.runtime.logger.error(
              { err: error, subject: message.subject },
              'Message processing failed unexpectedly',
            ),
          )
          .finally(release);
      }
    } catch (error) {
      this.runtime.logger.error(
        { err: error, consumer: this.durableName },
        'JetStream consume loop ended with an error',
      );
    }
  }

  private async process(message: JsMsg): Promise<void> {
    const deliveryCount = message.info.deliveryCount;
    let decoded: DecodedMessage<T>;
    try {
      decoded = this.runtime.codec.decode(message, this.options.messageClass);
    } catch (error) {
      const failure =
        error instanceof DecodeError ? error : new DecodeError('decode', message.subject, String(error));
      await this.deadLetter(message, failure.reason, decodeFailureDetails(failure));
      return;
    }
    if (deliveryCount > this.maxDeliver) {
      // Only an expired ack wait (hung or crashed handler) or a failed dead-letter attempt leads here.
      const detail = `${deliveryCount - 1} deliveries ended without an ack (ack wait ${this.ackWaitMs} ms) or a stored dead letter`;
      await this.deadLetter(message, 'max-deliver', [{ path: '', constraint: 'ackWait', message: detail }]);
      return;
    }
    await this.handle(message, decoded, deliveryCount);
  }

  private async handle(message: JsMsg, decoded: DecodedMessage<T>, deliveryCount: number): Promise<void> {
    const { tracer, metrics, logger } = this.runtime;
    const subscription = this.options.filterSubject;
    const { span, context } = tracer.startReceive('process', decoded.traceContext, {
      subject: message.subject,
      subscription,
      messageId: decoded.attributes.id,
      consumerGroup: this.durableName,
      deliveryCount,
      bodyBytes: message.data.byteLength,
    });
    const started = performance.now();
    const inProgress = this.options.keepInProgress
      ? setInterval(() => message.working(), Math.max(1, Math.floor(this.ackWaitMs / 3)))
      : undefined;
    try {
      await otelContext.with(context, () =>
        this.options.handler(decoded.payload, {
          attributes: decoded.attributes,
          subject: message.subject,
          deliveryCount,
          streamSequence: message.info.streamSequence,
          span,
        }),
      );
      metrics.recordHandled(subscription, (performance.now() - started) / 1000, true);
      message.ack();
    } catch (error) {
      metrics.recordHandled(subscription, (performance.now() - started) / 1000, false);
      recordSpanError(span, error);
      if (error instanceof UnrecoverableMessageError) {
        await this.deadLetter(message, 'handler', [errorDetail(error)]);
      } else if (deliveryCount >= this.maxDeliver) {
        await this.deadLetter(message, 'max-deliver', [errorDetail(error)]);
      } else {
        const delayMs = this.backoff.delayAfter(deliveryCount);
        logger.warn(
          { err: error, subject: message.subject, id: decoded.attributes.id, deliveryCount, delayMs },
          'Handler failed; redelivering',
        );
        message.nak(delayMs);
      }
    } finally {
      clearInterval(inProgress);
      span.end();
    }
  }

  /** Removes the message only once its dead letter is stored; if the DLQ is unreachable the message stays and comes back. */
  private async deadLetter(message: JsMsg, reason: DeadLetterReason, errors: FailureDetail[]): Promise<void> {
    const deliveryCount = message.info.deliveryCount;
    try {
      await this.runtime.deadLetters.publish({
        message,
        subscription: this.options.filterSubject,
        reason,
        errors,
        deliveryCount,
        origin: {
          stream: message.info.stream,
          streamSequence: message.info.streamSequence,
          consumer: this.durableName,
        },
      });
      // Plain TERM: nats-server 2.9 does not know the reason suffix.
      message.term();
      this.runtime.logger.warn(
        { subject: message.subject, reason, errors, deliveryCount },
        'Message dead-lettered',
      );
    } catch (error) {
      this.runtime.logger.error(
        { err: error, subject: message.subject, reason },
        'Dead-lettering failed; message kept for redelivery',
      );
      message.nak(this.backoff.delayAfter(deliveryCount));
    }
  }

  private async logNotifications(messages: ConsumerMessages): Promise<void> {
    for await (const notification of messages.status()) {
      if (
        notification.type === 'heartbeats_missed' ||
        notification.type === 'consumer_not_found' ||
        notification.type === 'stream_not_found'
      ) {
        this.runtime.logger.warn(
          { consumer: this.durableName, notification },
          'JetStream consumer notification',
        );
      }
    }
  }
}
