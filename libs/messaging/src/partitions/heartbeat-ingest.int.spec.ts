import { Heartbeat, partitionOf, Streams, Subjects } from '@warden/contracts';
import { MetricsRegistry } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { MessageCodec } from '../codec/message-codec';
import { DecodeError } from '../codec/decode-error';
import { NatsConnectionConfig } from '../connection/nats-connection-config';
import { connectNats, type NatsClient } from '../connection/nats-client';
import { Messaging } from '../runtime/messaging';
import { deadLettersOf, silentLogger } from '../testing/messaging-fixture.test-helper';
import { HeartbeatIngest } from './heartbeat-ingest';

const heartbeat = (agentId: string, sequence: number): Heartbeat =>
  Object.assign(new Heartbeat(), {
    agentId,
    hostId: 'host-1',
    zone: 'zone-a',
    capabilities: [],
    capacity: 1,
    inFlightTasks: 0,
    queueDepth: 0,
    cpuRatio: 0,
    memoryBytes: 0,
    latencyEwmaMs: 0,
    errorRatio: 0,
    tasksCompleted: 0,
    tasksFailed: 0,
    sequence,
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1000,
    sentAt: new Date().toISOString(),
  });

describe('HeartbeatIngest', () => {
  let server: NatsServerHandle;
  let client: NatsClient;
  let messaging: Messaging;
  const metrics = new MetricsRegistry({
    service: 'ingest-test',
    instanceId: 't',
    collectProcessMetrics: false,
  });
  beforeAll(async () => {
    server = await startNatsServer();
    client = await connectNats(Object.assign(new NatsConnectionConfig(), { NATS_URL: server.url }), {
      name: 'ingest-test',
      logger: silentLogger(),
    });
    messaging = new Messaging(client, { service: 'ingest-test', logger: silentLogger(), metrics });
    await messaging.provision({ streams: [Streams.DLQ], replicas: 1 });
  });
  afterAll(async () => {
    await messaging.close();
    await server.dispose();
  });

  it('delivers valid heartbeats of owned partitions only, dead-letters invalid ones, and stops on unsubscribe', async () => {
    const codec = new MessageCodec();
    const received: string[] = [];
    const invalid: DecodeError[] = [];
    const ingest = HeartbeatIngest.forService(messaging, metrics, silentLogger(), {
      onHeartbeat: (beat, receivedAt, traceparent) => {
        expect(receivedAt).toBeGreaterThan(0);
        expect(traceparent).toBeUndefined();
        received.push(`${beat.agentId}#${beat.sequence}`);
      },
      onInvalid: (error, submission) => {
        expect(submission).toBe('queued');
        invalid.push(error);
      },
    });
    const owned = 'agent-owned';
    const other = ['agent-x', 'agent-y', 'agent-z'].find((id) => partitionOf(id) !== partitionOf(owned))!;
    ingest.subscribe(partitionOf(owned));
    await client.connection.flush();

    const send = (agentId: string, sequence: number) => {
      const encoded = codec.encode(Heartbeat, heartbeat(agentId, sequence), { source: agentId });
      client.connection.publish(Subjects.heartbeatOf(agentId), encoded.data, { headers: encoded.headers });
    };
    send(owned, 1);
    send(other, 1);
    client.connection.publish(Subjects.heartbeatOf(owned), 'not a heartbeat');
    await eventually(() => received.length === 1 && invalid.length === 1);
    expect(received).toEqual([`${owned}#1`]);
    expect(invalid[0]).toBeInstanceOf(DecodeError);
    const deadLetters = await eventually(async () => {
      const stored = await deadLettersOf(messaging, 'ingest-test');
      return stored.length === 1 && stored;
    });
    expect(deadLetters[0]).toMatchObject({ originalSubject: Subjects.heartbeatOf(owned), reason: 'decode' });
    expect(ingest.partitions).toEqual([partitionOf(owned)]);

    await ingest.unsubscribe(partitionOf(owned));
    send(owned, 2);
    await client.connection.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([`${owned}#1`]);
  });
});
