import type { Logger } from '@warden/telemetry';
import type { MessageCodec } from '../codec/message-codec';
import type { NatsClient } from '../connection/nats-client';
import type { DeadLetterPublisher } from '../consuming/dead-letter-publisher';
import type { MessagingMetrics } from '../metrics/messaging-metrics';
import type { MessagingTracer } from '../tracing/messaging-tracer';

/** What consumers and responders of one service share: its connection, identity, codec and telemetry. */
export interface MessagingRuntime {
  client: NatsClient;
  /** The service name: `ce-source`, default durable name and queue group, and the `dlq.<service>` subject. */
  service: string;
  codec: MessageCodec;
  metrics: MessagingMetrics;
  tracer: MessagingTracer;
  logger: Logger;
  deadLetters: DeadLetterPublisher;
}
