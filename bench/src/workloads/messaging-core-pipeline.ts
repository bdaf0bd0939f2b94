import { Heartbeat } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { benchHeartbeat } from './bench-heartbeat';
import { driveThroughput } from './drive-throughput';
import { openMessaging } from './open-messaging';
import { CORE_WINDOW } from './raw-pubsub-pipeline';
import { ReceiveCounter } from './receive-counter';

/**
 * Heartbeats through libs/messaging on core NATS: `Publisher.publish` (validate, encode, envelope
 * headers) on one instance, `subscribeCore` (decode, validate into Heartbeat, call the handler) on another.
 */
export class MessagingCorePipeline {
  private readonly received = new ReceiveCounter();
  private readonly heartbeat: Heartbeat;

  private constructor(
    private readonly publisher: Messaging,
    private readonly consumer: Messaging,
    private readonly subject: string,
    agentId: string,
  ) {
    this.heartbeat = benchHeartbeat(agentId);
  }

  static async open(url: string, subject: string, agentId: string): Promise<MessagingCorePipeline> {
    const consumer = await openMessaging(url, 'bench-heartbeat-consumer');
    const publisher = await openMessaging(url, 'bench-heartbeat-publisher');
    const pipeline = new MessagingCorePipeline(publisher, consumer, subject, agentId);
    await consumer.subscribeCore(subject, Heartbeat, () => pipeline.received.record());
    // The subscription must be known to the server before the first publish, or early messages are lost.
    await consumer.client.connection.flush();
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
          send: () => {
            this.publisher.publisher.publish(this.subject, Heartbeat, this.heartbeat);
          },
          received: this.received,
          stallTimeoutMs: 10_000,
        }),
    };
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.consumer.close();
  }
}
