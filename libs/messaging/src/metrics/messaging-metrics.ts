import type { DeadLetterReason } from '@warden/contracts';
import type { MetricsRegistry } from '@warden/telemetry';

export type Transport = 'core' | 'jetstream';

/**
 * Counters and the handler-duration histogram of one messaging runtime.
 *
 * Subject labels are the *subscription* subject (the pattern a consumer was declared with), and
 * publications are counted by message type: concrete subjects carry agent ids, and a label per agent
 * would grow without bound.
 */
export class MessagingMetrics {
  private readonly published;
  private readonly consumed;
  private readonly failed;
  private readonly deadLettered;
  private readonly handlerDuration;

  /** The registry labels every metric with service and instance, so they are not repeated here. */
  constructor(registry: MetricsRegistry) {
    this.published = registry.counter({
      name: 'warden_messages_published_total',
      help: 'Messages published, by message type and transport',
      labelNames: ['type', 'transport'],
    });
    this.consumed = registry.counter({
      name: 'warden_messages_consumed_total',
      help: 'Messages whose handler succeeded, by subscription subject',
      labelNames: ['subject'],
    });
    this.failed = registry.counter({
      name: 'warden_messages_failed_total',
      help: 'Handler failures (each failed delivery counts once), by subscription subject',
      labelNames: ['subject'],
    });
    this.deadLettered = registry.counter({
      name: 'warden_messages_dead_lettered_total',
      help: 'Messages moved to the dead-letter stream, by subscription subject and reason',
      labelNames: ['subject', 'reason'],
    });
    this.handlerDuration = registry.histogram({
      name: 'warden_message_handler_duration_seconds',
      help: 'Time spent in message handlers, by subscription subject',
      labelNames: ['subject'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  recordPublished(type: string, transport: Transport): void {
    this.published.inc({ type, transport });
  }

  recordHandled(subject: string, durationSeconds: number, succeeded: boolean): void {
    this.handlerDuration.observe({ subject }, durationSeconds);
    (succeeded ? this.consumed : this.failed).inc({ subject });
  }

  recordDeadLettered(subject: string, reason: DeadLetterReason): void {
    this.deadLettered.inc({ subject, reason });
  }
}
