import { Messaging, NatsConnectionConfig, connectNats } from '@warden/messaging';
import { MetricsRegistry, createLogger } from '@warden/telemetry';

/**
 * A libs/messaging instance as a service builds one. Logs go to stderr at `warn`, so stdout keeps only
 * the report; OpenTelemetry is not initialised, so tracing costs what it costs with OTEL_* unset.
 */
export async function openMessaging(url: string, service: string): Promise<Messaging> {
  const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: url });
  const logger = createLogger({
    service,
    instanceId: 'bench',
    level: 'warn',
    destination: { write: (line: string) => process.stderr.write(line) },
  });
  const metrics = new MetricsRegistry({ service, instanceId: 'bench', collectProcessMetrics: false });
  const client = await connectNats(config, { name: service, logger });
  return new Messaging(client, { service, logger, metrics });
}
