import { IsInt, IsString, Matches, Min } from 'class-validator';
import {
  DeadLetter,
  MessageType,
  Streams,
  Subjects,
  createMessage,
  type StreamSpec,
} from '@warden/contracts';
import { MetricsRegistry, createLogger, type Logger } from '@warden/telemetry';
import { Writable } from 'node:stream';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats } from '../connection/nats-client';
import { Messaging } from '../runtime/messaging';

/** The event the integration tests publish; its own type keeps them independent of domain messages. */
@MessageType('warden.test-messaging.job-event.v1')
export class JobEvent {
  @IsString() @Matches(/^[a-z0-9-]+$/) jobId!: string;
  @IsInt() @Min(0) step!: number;
}

export function jobEvent(jobId: string, step = 0): JobEvent {
  return createMessage(JobEvent, { jobId, step });
}

export const TEST_SUBJECTS = 'test.jobs.>';
export const jobSubject = (jobId: string): string => `test.jobs.${jobId}`;

/** A stream for the tests' subjects, under a contracts stream name (each test server is private). */
export const TEST_STREAM: StreamSpec = { ...Streams.SUPERVISION, subjects: [TEST_SUBJECTS] };

export function silentLogger(): Logger {
  return createLogger({
    service: 'test',
    instanceId: 'test',
    level: 'error',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

export interface ServiceInstance {
  messaging: Messaging;
  metrics: MetricsRegistry;
}

/** One replica of `service` connected to the test server at `natsUrl`, with the test and DLQ streams provisioned. */
export async function startServiceInstance(
  natsUrl: string,
  service: string,
  instance: string,
): Promise<ServiceInstance> {
  const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: natsUrl });
  const logger = silentLogger();
  const metrics = new MetricsRegistry({ service, instanceId: instance, collectProcessMetrics: false });
  const client = await connectNats(config, { name: `${service}-${instance}`, logger });
  const messaging = new Messaging(client, { service, logger, metrics });
  await messaging.provision({ streams: [TEST_STREAM, Streams.DLQ], replicas: 1 });
  return { messaging, metrics };
}

/** Every dead letter stored for `service`, read straight from the DLQ stream. */
export async function deadLettersOf(messaging: Messaging, service: string): Promise<DeadLetter[]> {
  const jsm = await messaging.client.jetstreamManager();
  const info = await jsm.streams.info(Streams.DLQ.name);
  const letters: DeadLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(Streams.DLQ.name, { seq });
    if (stored && stored.subject === Subjects.dlq(service)) letters.push(stored.json<DeadLetter>());
  }
  return letters;
}

/** The current value of a counter with the given labels, read from the registry's exposition. */
export async function counterValue(
  metrics: MetricsRegistry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = await metrics.registry.getSingleMetric(name)?.get();
  const sample = metric?.values.find((value) =>
    Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
  );
  return sample?.value ?? 0;
}
