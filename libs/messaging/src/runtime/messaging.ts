import { Kvm } from '@nats-io/kv';
import type { BucketSpec, StreamSpec } from '@warden/contracts';
import type { Logger, MetricsRegistry } from '@warden/telemetry';
import { MessageCodec, type ExpectedMessage } from '../codec/message-codec';
import type { NatsClient } from '../connection/nats-client';
import { subscribeCoreEvents, type CoreEventOptions } from '../consuming/core-event-subscriber';
import type { CoreSubscription } from '../consuming/core-subscription';
import { DeadLetterPublisher } from '../consuming/dead-letter-publisher';
import { DurableConsumer, type DurableConsumerOptions } from '../consuming/durable-consumer';
import type { MessageHandler } from '../consuming/message-context';
import { KvBucket } from '../kv/kv-bucket';
import { ConsumerLagMetrics } from '../metrics/consumer-lag-metrics';
import { ConsumerLagMonitor, DEFAULT_CONSUMER_LAG_INTERVAL_MS } from '../metrics/consumer-lag-monitor';
import { jetStreamLagReader } from '../metrics/consumer-lag-reader';
import { MessagingMetrics } from '../metrics/messaging-metrics';
import { ensureBucket } from '../provisioning/ensure-bucket';
import { ensureStream } from '../provisioning/ensure-stream';
import type { ProvisioningResult } from '../provisioning/provisioning-result';
import { provisionWithRetry } from '../provisioning/provisioning-retry';
import { Publisher } from '../publishing/publisher';
import {
  serveRequests,
  type RequestHandler,
  type ServeRequestsOptions,
} from '../publishing/request-responder';
import { MessagingTracer } from '../tracing/messaging-tracer';
import type { MessagingRuntime } from './messaging-runtime';

export interface MessagingOptions {
  /** Service name (an id token): event source, default durable name and queue group, DLQ subject. */
  service: string;
  logger: Logger;
  metrics: MetricsRegistry;
  /** How often the durable consumers' lag gauges are read from consumer info (CONSUMER_LAG_INTERVAL_MS). */
  consumerLagIntervalMs?: number;
}

export interface ProvisionOptions {
  streams?: readonly StreamSpec[];
  buckets?: readonly BucketSpec[];
  replicas: number;
}

interface Stoppable {
  stop(): Promise<void>;
}

/**
 * A service's messaging: one connection, a publisher, and the consumers, subscriptions and
 * responders it started, which `stop` ends gracefully (in-flight handlers finish and ack) before the
 * connection drains.
 */
export class Messaging {
  readonly publisher: Publisher;
  private readonly runtime: MessagingRuntime;
  private readonly running = new Set<Stoppable>();
  private readonly consumerLag: ConsumerLagMonitor;
  private readonly buckets = new Map<string, Promise<KvBucket>>();

  constructor(
    readonly client: NatsClient,
    options: MessagingOptions,
  ) {
    const codec = new MessageCodec();
    const metrics = new MessagingMetrics(options.metrics);
    const tracer = new MessagingTracer();
    this.publisher = new Publisher(client, options.service, codec, metrics, tracer);
    this.runtime = {
      client,
      service: options.service,
      codec,
      metrics,
      tracer,
      logger: options.logger,
      deadLetters: new DeadLetterPublisher(options.service, this.publisher, metrics),
    };
    this.consumerLag = new ConsumerLagMonitor({
      read: jetStreamLagReader(client),
      metrics: new ConsumerLagMetrics(options.metrics),
      intervalMs: options.consumerLagIntervalMs ?? DEFAULT_CONSUMER_LAG_INTERVAL_MS,
      onFailure: (error, stream, consumer) =>
        options.logger.warn({ err: error, stream, consumer }, 'Consumer lag not readable; counted, retrying'),
    });
  }

  get service(): string {
    return this.runtime.service;
  }

  /** Creates or updates the declared streams and buckets; logs and returns what changed. */
  async provision(options: ProvisionOptions): Promise<ProvisioningResult[]> {
    const results: ProvisioningResult[] = [];
    // Nothing to provision: no JetStream API call, so a client without JetStream permissions (a host) can start.
    if (!options.streams?.length && !options.buckets?.length) return results;
    const onRetry = (name: string) => (error: Error, attempt: number) =>
      this.runtime.logger.warn({ err: error, attempt }, `JetStream ${name} not provisioned yet; retrying`);
    const jsm = await provisionWithRetry(() => this.client.jetstreamManager(), onRetry('API'));
    for (const spec of options.streams ?? [])
      results.push(await provisionWithRetry(() => ensureStream(jsm, spec, options), onRetry(spec.name)));
    for (const spec of options.buckets ?? [])
      results.push(
        await provisionWithRetry(
          () => ensureBucket(this.client.jetstream, jsm, spec, options),
          onRetry(`bucket ${spec.name}`),
        ),
      );
    for (const result of results) {
      if (result.action !== 'unchanged')
        this.runtime.logger.info({ provisioning: result }, `JetStream ${result.kind} ${result.action}`);
    }
    return results;
  }

  /**
   * A KV bucket of the catalogue (provisioned by its owner), opened once per process: engines take typed
   * records and mirrors from it instead of opening KV on the raw connection. A failed open is not kept.
   */
  bucket(spec: Pick<BucketSpec, 'name'>): Promise<KvBucket> {
    let opening = this.buckets.get(spec.name);
    if (!opening) {
      opening = new Kvm(this.client.jetstream).open(spec.name).then((kv) => new KvBucket(kv, spec.name));
      this.buckets.set(spec.name, opening);
      opening.catch(() => this.buckets.delete(spec.name));
    }
    return opening;
  }

  async consumeDurable<T extends object>(options: DurableConsumerOptions<T>): Promise<DurableConsumer<T>> {
    const consumer = new DurableConsumer(this.runtime, options);
    await consumer.start();
    this.consumerLag.track(options.stream, consumer.durableName);
    return this.track(consumer);
  }

  async subscribeCore<T extends object>(
    subject: string,
    messageClass: ExpectedMessage<T>,
    handler: MessageHandler<T>,
    options: CoreEventOptions = {},
  ): Promise<CoreSubscription> {
    const subscription = subscribeCoreEvents(this.runtime, subject, messageClass, handler, options);
    await subscription.start();
    return this.track(subscription);
  }

  async serveRequests<Req extends object, Res extends object>(
    subject: string,
    requestClass: ExpectedMessage<Req>,
    handler: RequestHandler<Req, Res>,
    options: ServeRequestsOptions = {},
  ): Promise<CoreSubscription> {
    const responder = serveRequests(this.runtime, subject, requestClass, handler, options);
    await responder.start();
    return this.track(responder);
  }

  /** Stops every consumer and responder started here (each finishes its in-flight work); the connection stays open. */
  async stopConsumers(): Promise<void> {
    const stopping = [...this.running].map((consumer) => consumer.stop());
    this.running.clear();
    this.consumerLag.untrackAll();
    await Promise.all(stopping);
  }

  /** Graceful shutdown: consumers first, then the connection drains its pending publishes and closes. */
  async close(): Promise<void> {
    await this.consumerLag.stop();
    await this.stopConsumers();
    await this.client.drain();
  }

  private track<C extends Stoppable>(consumer: C): C {
    this.running.add(consumer);
    return consumer;
  }
}
