import { HealthStateChanged } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import type { BenchProfile } from '../framework/bench-profile';
import type { Trial } from '../framework/compare-alternating';
import type { ThroughputRepetition } from '../framework/repetition';
import { benchHealthStateChanged } from './bench-health-state-changed';
import { driveThroughput } from './drive-throughput';
import { DURABLE_STALL_TIMEOUT_MS, DURABLE_WINDOW } from './durable-window';
import { openMessaging } from './open-messaging';
import type { DurablePipelineTarget } from './raw-durable-pipeline';
import { ReceiveCounter } from './receive-counter';

/**
 * libs/messaging on JetStream: `publishDurable` (validate, encode, envelope, `Nats-Msg-Id`, await the
 * ack) on one instance; `consumeDurable` (pull, decode, validate, handler, ack) on another. A delivery
 * is counted when the handler runs.
 */
export class MessagingDurablePipeline {
  private readonly received = new ReceiveCounter();
  private readonly event: HealthStateChanged;

  private constructor(
    private readonly publisher: Messaging,
    private readonly consumer: Messaging,
    private readonly target: DurablePipelineTarget,
    agentId: string,
  ) {
    this.event = benchHealthStateChanged(agentId);
  }

  static async open(
    url: string,
    target: DurablePipelineTarget,
    agentId: string,
  ): Promise<MessagingDurablePipeline> {
    const consumer = await openMessaging(url, 'bench-durable-consumer');
    const publisher = await openMessaging(url, 'bench-durable-publisher');
    const pipeline = new MessagingDurablePipeline(publisher, consumer, target, agentId);
    await consumer.consumeDurable({
      stream: target.stream,
      durableName: target.durableName,
      filterSubject: target.subject,
      messageClass: HealthStateChanged,
      handler: () => pipeline.received.record(),
      deliverPolicy: 'new',
      maxAckPending: DURABLE_WINDOW,
    });
    return pipeline;
  }

  trial(label: string, profile: BenchProfile): Trial<ThroughputRepetition> {
    return {
      label,
      measure: async () => {
        const manager = await this.consumer.client.jetstreamManager();
        // Keeps the store from growing over the run; outside the timed window.
        await manager.streams.purge(this.target.stream, { filter: this.target.subject });
        return driveThroughput({
          messages: profile.durableMessages,
          timeBudgetMs: profile.repetitionBudgetMs,
          window: DURABLE_WINDOW,
          send: () =>
            this.publisher.publisher.publishDurable(this.target.subject, HealthStateChanged, this.event),
          received: this.received,
          stallTimeoutMs: DURABLE_STALL_TIMEOUT_MS,
        });
      },
    };
  }

  async close(): Promise<void> {
    await this.publisher.close();
    await this.consumer.close();
  }
}
