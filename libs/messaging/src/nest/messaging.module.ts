import {
  Inject,
  Module,
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import type { BucketSpec, StreamSpec } from '@warden/contracts';
import {
  LOGGER,
  loadConfigOrExit,
  MetricsRegistry,
  type Logger,
  type ServiceBaseConfig,
} from '@warden/telemetry';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { NatsClient, connectNats } from '../connection/nats-client';
import { Publisher } from '../publishing/publisher';
import { Messaging } from '../runtime/messaging';
import {
  MESSAGING_OPTIONS,
  MissingMessagingDependencyError,
  type MessagingModuleOptions,
} from './messaging-module-options';
import { MessagingReadiness } from './messaging-readiness';

export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
  inject?: FactoryProvider['inject'];
}

async function createMessaging(
  options: MessagingModuleOptions,
  telemetryLogger?: Logger,
  telemetryMetrics?: MetricsRegistry,
): Promise<Messaging> {
  const logger = options.logger ?? telemetryLogger;
  const metrics = options.metrics ?? telemetryMetrics;
  if (!logger) throw new MissingMessagingDependencyError('logger');
  if (!metrics) throw new MissingMessagingDependencyError('metrics');
  const name = options.instanceId ? `${options.service}-${options.instanceId}` : options.service;
  const client = await connectNats(options.connection, { name, logger });
  const messaging = new Messaging(client, {
    service: options.service,
    logger,
    metrics,
    consumerLagIntervalMs: options.connection.CONSUMER_LAG_INTERVAL_MS,
  });
  try {
    await messaging.provision({
      streams: options.streams,
      buckets: options.buckets,
      replicas: options.connection.JETSTREAM_REPLICAS,
    });
  } catch (error) {
    await client.drain();
    throw error;
  }
  return messaging;
}

const sharedProviders: Provider[] = [
  {
    provide: Messaging,
    useFactory: createMessaging,
    inject: [
      MESSAGING_OPTIONS,
      { token: LOGGER, optional: true },
      { token: MetricsRegistry, optional: true },
    ],
  },
  { provide: NatsClient, useFactory: (messaging: Messaging) => messaging.client, inject: [Messaging] },
  { provide: Publisher, useFactory: (messaging: Messaging) => messaging.publisher, inject: [Messaging] },
  MessagingReadiness,
];
const exported = [Messaging, NatsClient, Publisher, MessagingReadiness];

/**
 * Global module giving every provider the service's NATS connection, Publisher and Messaging, with a
 * readiness check; streams and buckets are provisioned before anything can publish. On shutdown the
 * consumers stop (in-flight work finishes) and the connection drains.
 *
 * Handlers are bound by the JetStream transport: `app.connectMicroservice({ strategy: new JetStreamServer(app.get(Messaging)) })`.
 */
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(Messaging) private readonly messaging: Messaging) {}

  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, ...sharedProviders],
      exports: exported,
    };
  }

  /**
   * The usual setup of a Warden service: named after it, its instance id from the service's own config
   * class (as TelemetryModule provides it), NATS_* read and validated from the environment (a bad value
   * stops the process naming the variable), and the streams and buckets it needs provisioned.
   */
  static forService(options: {
    service: string;
    configClass: Type<ServiceBaseConfig>;
    streams?: readonly StreamSpec[];
    buckets?: readonly BucketSpec[];
  }): DynamicModule {
    return MessagingModule.forRootAsync({
      useFactory: (config: ServiceBaseConfig) => ({
        service: options.service,
        instanceId: config.SERVICE_INSTANCE_ID,
        connection: loadConfigOrExit(options.service, NatsConnectionConfig, process.env),
        streams: options.streams,
        buckets: options.buckets,
      }),
      inject: [options.configClass],
    });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...sharedProviders,
      ],
      exports: exported,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messaging.close();
  }
}
