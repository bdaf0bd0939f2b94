import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { Heartbeat, SubjectFilters } from '@warden/contracts';
import { DecodeError } from '../codec/decode-error';
import type { Logger, MetricsRegistry } from '@warden/telemetry';
import { MessageCodec as Codec } from '../codec/message-codec';
import { BoundedDeadLetters, type DeadLetterSubmission } from '../consuming/bounded-dead-letters';
import { DeadLetterPublisher, decodeFailureDetails } from '../consuming/dead-letter-publisher';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import type { Messaging } from '../runtime/messaging';

export interface HeartbeatIngestEvents {
  /** A valid heartbeat, with the receiver's receive time and the sender's trace context header. */
  onHeartbeat(heartbeat: Heartbeat, receivedAt: number, traceparent: string | undefined): void;
  /** A message that was not a valid heartbeat: already handed to the dead letters (or over their bound). */
  onInvalid(error: DecodeError, submission: DeadLetterSubmission): void;
}

const HEARTBEAT_SUBSCRIPTION = 'supervision.health.heartbeat.*.*';

/**
 * Subscribes to the heartbeat subjects of the partitions a replica owns (see PartitionOwnership), one
 * subscription per partition, so a partition can be handed over on its own. Every service that keeps
 * per-agent state from heartbeats (health collector, failure detector) ingests them through this.
 * Heartbeats are the highest-rate traffic in the system: each is decoded and validated in the subscription callback with no span and no promise
 * per message (the sender's trace context is kept as its header so a later conviction can link to it).
 */
export class HeartbeatIngest {
  private readonly subscriptions = new Map<number, Subscription>();

  constructor(
    private readonly connection: NatsConnection,
    private readonly codec: Codec,
    private readonly deadLetters: BoundedDeadLetters,
    private readonly events: HeartbeatIngestEvents,
  ) {}

  /** The ingest of a service: its connection, and invalid heartbeats dead-lettered to `dlq.<service>`. */
  static forService(
    messaging: Messaging,
    metrics: MetricsRegistry,
    logger: Logger,
    events: HeartbeatIngestEvents,
  ): HeartbeatIngest {
    const publisher = new DeadLetterPublisher(
      messaging.service,
      messaging.publisher,
      new MessagingMetrics(metrics),
    );
    const deadLetters = new BoundedDeadLetters(publisher, (error, request) =>
      logger.error({ err: error, subject: request.message.subject }, 'dead letter not stored'),
    );
    return new HeartbeatIngest(messaging.client.connection, new Codec(), deadLetters, events);
  }

  get partitions(): number[] {
    return [...this.subscriptions.keys()];
  }

  subscribe(partition: number): void {
    if (this.subscriptions.has(partition)) return;
    const subscription = this.connection.subscribe(SubjectFilters.heartbeatsOfPartition(partition), {
      callback: (error, message) => {
        if (!error) this.receive(message);
      },
    });
    this.subscriptions.set(partition, subscription);
  }

  /** Stops the partition's subscription after the messages already delivered to it. */
  async unsubscribe(partition: number): Promise<void> {
    const subscription = this.subscriptions.get(partition);
    if (!subscription) return;
    this.subscriptions.delete(partition);
    await subscription.drain();
  }

  async stop(): Promise<void> {
    await Promise.all(this.partitions.map((partition) => this.unsubscribe(partition)));
  }

  private receive(message: Msg): void {
    const receivedAt = Date.now();
    let heartbeat: Heartbeat;
    try {
      heartbeat = this.codec.decode(message, Heartbeat).payload;
    } catch (error) {
      const failure =
        error instanceof DecodeError ? error : new DecodeError('decode', message.subject, String(error));
      const submission = this.deadLetters.submit({
        message,
        subscription: HEARTBEAT_SUBSCRIPTION,
        reason: failure.reason,
        errors: decodeFailureDetails(failure),
        deliveryCount: 1,
      });
      this.events.onInvalid(failure, submission);
      return;
    }
    // Outside the try: a failing handler is the receiver's bug, not the sender's, and must not be
    // dead-lettered as bad input (the subscription callback reports it).
    this.events.onHeartbeat(heartbeat, receivedAt, message.headers?.get('traceparent') || undefined);
  }
}
