import type { MetricsRegistry } from '@warden/telemetry';

/** What the server reports of one durable consumer: the figures KEDA's JetStream scaler and an operator look at. */
export interface ConsumerLagReading {
  /** Messages in the stream matching the filter not yet delivered (`num_pending`). */
  pending: number;
  /** Delivered but not acknowledged yet (`num_ack_pending`). */
  ackPending: number;
  /** Delivered more than once and not yet acknowledged (`num_redelivered`). */
  redelivered: number;
}

/**
 * Gauges of each durable consumer's backlog, labelled stream and consumer. Every replica of a service
 * reads the same shared durable, so a dashboard takes `max by (stream, consumer)`, not a sum.
 */
export class ConsumerLagMetrics {
  private readonly pending;
  private readonly ackPending;
  private readonly redelivered;
  private readonly failures;

  constructor(registry: MetricsRegistry) {
    const labelNames = ['stream', 'consumer'];
    this.pending = registry.gauge({
      name: 'warden_consumer_pending_messages',
      help: 'Messages of a durable consumer not yet delivered (num_pending), as last read from consumer info',
      labelNames,
    });
    this.ackPending = registry.gauge({
      name: 'warden_consumer_ack_pending_messages',
      help: 'Messages of a durable consumer delivered but not yet acknowledged (num_ack_pending)',
      labelNames,
    });
    this.redelivered = registry.gauge({
      name: 'warden_consumer_redelivered_messages',
      help: 'Messages of a durable consumer redelivered and not yet acknowledged (num_redelivered)',
      labelNames,
    });
    this.failures = registry.counter({
      name: 'warden_consumer_info_failures_total',
      help: 'Consumer info requests for the lag gauges that failed (the gauges keep their last value)',
      labelNames,
    });
  }

  record(stream: string, consumer: string, reading: ConsumerLagReading): void {
    const labels = { stream, consumer };
    this.pending.set(labels, reading.pending);
    this.ackPending.set(labels, reading.ackPending);
    this.redelivered.set(labels, reading.redelivered);
  }

  recordFailure(stream: string, consumer: string): void {
    this.failures.inc({ stream, consumer });
  }

  /** Drops a consumer's gauges once this process no longer consumes it, so no stale backlog is exported. */
  forget(stream: string, consumer: string): void {
    const labels = { stream, consumer };
    this.pending.remove(labels);
    this.ackPending.remove(labels);
    this.redelivered.remove(labels);
  }
}
