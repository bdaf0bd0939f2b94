import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { BENCH_PAYLOAD } from './bench-payload';
import { driveThroughput } from './drive-throughput';
import { ReceiveCounter } from './receive-counter';

const CORE_WINDOW = 10_000;

/**
 * Plain nats.js at its cheapest: a pre-encoded payload published on one connection and only counted on
 * another, so it is the transport's ceiling and everything above it is someone's overhead.
 */
export class RawPubSubPipeline {
  private readonly received = new ReceiveCounter();
  private subscription?: Subscription;

  private constructor(
    private readonly publisher: NatsConnection,
    private readonly subscriber: NatsConnection,
    private readonly subject: string,
  ) {}

  static async open(url: string, subject: string): Promise<RawPubSubPipeline> {
    const publisher = await connect({ servers: url, name: `bench-raw-publisher-${subject}` });
    const subscriber = await connect({ servers: url, name: `bench-raw-subscriber-${subject}` });
    const pipeline = new RawPubSubPipeline(publisher, subscriber, subject);
    pipeline.subscription = subscriber.subscribe(subject, { callback: () => pipeline.received.record() });
    // The subscription must be known to the server before the first publish, or early messages are lost.
    await subscriber.flush();
    return pipeline;
  }

  trial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    const payload = new TextEncoder().encode(BENCH_PAYLOAD);
    return {
      label,
      measure: () =>
        driveThroughput({
          messages: profile.coreMessages,
          window: CORE_WINDOW,
          send: () => this.publisher.publish(this.subject, payload),
          received: this.received,
          stallTimeoutMs: 10_000,
        }),
    };
  }

  async close(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.publisher.drain();
    await this.subscriber.drain();
  }
}
