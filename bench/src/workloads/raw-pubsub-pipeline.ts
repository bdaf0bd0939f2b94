import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { BENCH_PAYLOAD } from './bench-payload';
import { driveThroughput } from './drive-throughput';
import { ReceiveCounter } from './receive-counter';

/** Small enough that a slow consumer drains it within a second or two, large enough not to throttle raw nats.js. */
export const CORE_WINDOW = 2_000;

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
    private readonly payload: Uint8Array,
  ) {}

  /** `body` defaults to the 117-byte bench body; a scenario comparing with a real message class passes its JSON. */
  static async open(url: string, subject: string, body: string = BENCH_PAYLOAD): Promise<RawPubSubPipeline> {
    const publisher = await connect({ servers: url, name: `bench-raw-publisher-${subject}` });
    const subscriber = await connect({ servers: url, name: `bench-raw-subscriber-${subject}` });
    const pipeline = new RawPubSubPipeline(publisher, subscriber, subject, new TextEncoder().encode(body));
    pipeline.subscription = subscriber.subscribe(subject, { callback: () => pipeline.received.record() });
    // The subscription must be known to the server before the first publish, or early messages are lost.
    await subscriber.flush();
    return pipeline;
  }

  trial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    return {
      label,
      measure: () =>
        driveThroughput({
          messages: profile.coreMessages,
          timeBudgetMs: profile.repetitionBudgetMs,
          window: CORE_WINDOW,
          send: () => this.publisher.publish(this.subject, this.payload),
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
