import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type ConsumerMessages,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { driveThroughput } from './drive-throughput';
import { DURABLE_STALL_TIMEOUT_MS, DURABLE_WINDOW } from './durable-window';
import { ReceiveCounter } from './receive-counter';

export interface DurablePipelineTarget {
  stream: string;
  subject: string;
  durableName: string;
}

/**
 * Plain @nats-io/jetstream: publish pre-encoded bytes with a `Nats-Msg-Id` (as libs/messaging does, so
 * both pay for de-duplication) and a durable pull consumer that acks and counts.
 */
export class RawDurablePipeline {
  private readonly received = new ReceiveCounter();
  private messages?: ConsumerMessages;
  private published = 0;

  private constructor(
    private readonly publisher: NatsConnection,
    private readonly subscriber: NatsConnection,
    private readonly manager: JetStreamManager,
    private readonly target: DurablePipelineTarget,
    private readonly payload: Uint8Array,
  ) {}

  static async open(url: string, target: DurablePipelineTarget, body: string): Promise<RawDurablePipeline> {
    const publisher = await connect({ servers: url, name: 'bench-raw-js-publisher' });
    const subscriber = await connect({ servers: url, name: 'bench-raw-js-consumer' });
    const manager = await jetstreamManager(subscriber);
    await manager.consumers.add(target.stream, {
      durable_name: target.durableName,
      filter_subject: target.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.New,
      max_ack_pending: DURABLE_WINDOW,
    });
    const pipeline = new RawDurablePipeline(
      publisher,
      subscriber,
      manager,
      target,
      new TextEncoder().encode(body),
    );
    const consumer = await jetstream(subscriber).consumers.get(target.stream, target.durableName);
    pipeline.messages = await consumer.consume({
      callback: (message) => {
        message.ack();
        pipeline.received.record();
      },
    });
    return pipeline;
  }

  trial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    const client = jetstream(this.publisher);
    return {
      label,
      measure: async () => {
        // Keeps the store from growing over the run; outside the timed window.
        await this.manager.streams.purge(this.target.stream, { filter: this.target.subject });
        return driveThroughput({
          messages: profile.durableMessages,
          timeBudgetMs: profile.repetitionBudgetMs,
          window: DURABLE_WINDOW,
          send: () =>
            client.publish(this.target.subject, this.payload, { msgID: `bench-raw-${this.published++}` }),
          received: this.received,
          stallTimeoutMs: DURABLE_STALL_TIMEOUT_MS,
        });
      },
    };
  }

  async close(): Promise<void> {
    await this.messages?.close();
    await this.publisher.drain();
    await this.subscriber.drain();
  }
}
