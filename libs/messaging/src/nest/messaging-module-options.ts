import type { BucketSpec, StreamSpec } from '@warden/contracts';
import type { Logger, MetricsRegistry } from '@warden/telemetry';
import type { NatsConnectionConfig } from '../connection/nats-connection-config';

export interface MessagingModuleOptions {
  /** Service name (an id token): event source, durable names, queue groups, `dlq.<service>`. */
  service: string;
  /** Shown in the server's connection list as `<service>-<instanceId>`. */
  instanceId?: string;
  connection: NatsConnectionConfig;
  /** Streams and buckets created or updated at startup, with `JETSTREAM_REPLICAS` replicas. */
  streams?: readonly StreamSpec[];
  buckets?: readonly BucketSpec[];
  /** Defaults to the TelemetryModule's logger. */
  logger?: Logger;
  /** Defaults to the TelemetryModule's registry. */
  metrics?: MetricsRegistry;
}

export const MESSAGING_OPTIONS = Symbol.for('warden.messaging.options');

/** Neither the options nor a global TelemetryModule provided what messaging needs. */
export class MissingMessagingDependencyError extends Error {
  override readonly name = 'MissingMessagingDependencyError';

  constructor(readonly dependency: 'logger' | 'metrics') {
    super(`MessagingModule needs a ${dependency}: pass it in the options or import TelemetryModule.forRoot`);
  }
}
