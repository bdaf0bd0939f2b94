import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { Heartbeat, SubjectFilters } from '@warden/contracts';
import { DecodeError } from '../codec/decode-error';
import type { MessageCodec } from '../codec/message-codec';

export interface HeartbeatIngestEvents {
  /** A valid heartbeat, with the collector's receive time and the sender's trace context header. */
  onHeartbeat(heartbeat: Heartbeat, receivedAt: number, traceparent: string | undefined): void;
  /** A message that is not a valid heartbeat; it must reach the dead-letter stream. */
  onInvalid(message: Msg, error: DecodeError): void;
}

/**
 * Subscribes to the heartbeat subjects of the partitions a replica owns (see PartitionOwnership), one
 * subscription per partition, so a partition can be handed over on its own. Every service that keeps
 * per-agent state from heartbeats (health collector, failure detector) ingests them through this. Heartbeats are the highest-rate traffic in
 * the system: each is decoded and validated in the subscription callback with no span and no promise
 * per message (the sender's trace context is kept as its header so a later conviction can link to it).
 */
export class HeartbeatIngest {
  private readonly subscriptions = new Map<number, Subscription>();

  constructor(
    private readonly connection: NatsConnection,
    private readonly codec: MessageCodec,
    private readonly events: HeartbeatIngestEvents,
  ) {}

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
    try {
      const { payload } = this.codec.decode(message, Heartbeat);
      this.events.onHeartbeat(payload, receivedAt, message.headers?.get('traceparent') || undefined);
    } catch (error) {
      const failure =
        error instanceof DecodeError ? error : new DecodeError('decode', message.subject, String(error));
      this.events.onInvalid(message, failure);
    }
  }
}
