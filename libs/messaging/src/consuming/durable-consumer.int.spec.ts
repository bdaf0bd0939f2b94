import { CloudEventHeader } from '@warden/contracts';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import {
  JobEvent,
  TEST_STREAM,
  TEST_SUBJECTS,
  counterValue,
  deadLettersOf,
  jobEvent,
  jobSubject,
  startServiceInstance,
  type ServiceInstance,
} from '../testing/messaging-fixture.test-helper';
import { MessageCodec } from '../codec/message-codec';
import type { MessageContext } from './message-context';

describe('DurableConsumer against a real nats-server', () => {
  let server: NatsServerHandle;
  let instances: ServiceInstance[] = [];

  beforeEach(async () => {
    server = await startNatsServer();
  });
  afterEach(async () => {
    for (const instance of instances) await instance.messaging.close();
    instances = [];
    await server.dispose();
  });

  async function instance(service: string, name: string): Promise<ServiceInstance> {
    const started = await startServiceInstance(server.url, service, name);
    instances.push(started);
    return started;
  }

  it('hands each event to exactly one replica of a service, and every service gets its own copy', async () => {
    const handledByA = new Map<string, number>();
    const handledByB = new Map<string, number>();
    const count = (map: Map<string, number>) => (event: JobEvent) => {
      map.set(event.jobId, (map.get(event.jobId) ?? 0) + 1);
    };
    for (const name of ['a-1', 'a-2']) {
      const { messaging } = await instance('svc-a', name);
      await messaging.consumeDurable({
        stream: TEST_STREAM.name,
        filterSubject: TEST_SUBJECTS,
        messageClass: JobEvent,
        handler: count(handledByA),
      });
    }
    const b = await instance('svc-b', 'b-1');
    await b.messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      handler: count(handledByB),
    });
    const jobIds = Array.from({ length: 40 }, (_, index) => `job-${index}`);

    for (const jobId of jobIds)
      await b.messaging.publisher.publishDurable(jobSubject(jobId), JobEvent, jobEvent(jobId));

    await eventually(() => handledByA.size === jobIds.length && handledByB.size === jobIds.length, {
      timeoutMs: 20_000,
    });
    expect([...handledByA.values()].every((times) => times === 1)).toBe(true);
    expect([...handledByB.values()].every((times) => times === 1)).toBe(true);
  });

  it('redelivers a failing message after the backoff, then dead-letters it with the error after maxDeliver', async () => {
    const { messaging, metrics } = await instance('svc-failing', 'f-1');
    const deliveries: Array<{ count: number; at: number }> = [];
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      maxDeliver: 3,
      backoffMs: [300, 600],
      handler: (_event: JobEvent, context: MessageContext) => {
        deliveries.push({ count: context.deliveryCount, at: Date.now() });
        throw new Error('downstream unavailable');
      },
    });

    await messaging.publisher.publishDurable(jobSubject('doomed'), JobEvent, jobEvent('doomed'));

    const [letter] = await eventually(
      async () => {
        const letters = await deadLettersOf(messaging, 'svc-failing');
        return letters.length > 0 ? letters : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(deliveries.map((delivery) => delivery.count)).toEqual([1, 2, 3]);
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(300 * 0.9);
    expect(deliveries[2].at - deliveries[1].at).toBeGreaterThanOrEqual(600 * 0.9);
    expect(letter.reason).toBe('max-deliver');
    expect(letter.originalSubject).toBe(jobSubject('doomed'));
    expect(letter.deliveryCount).toBe(3);
    expect(letter.errors).toEqual([{ path: '', constraint: 'Error', message: 'downstream unavailable' }]);
    expect(JSON.parse(Buffer.from(letter.bodyBase64, 'base64').toString('utf8'))).toEqual({
      jobId: 'doomed',
      step: 0,
    });
    expect(
      await counterValue(metrics, 'warden_messages_dead_lettered_total', {
        subject: TEST_SUBJECTS,
        reason: 'max-deliver',
      }),
    ).toBe(1);
  });

  it('dead-letters invalid and undecodable messages with their issues and keeps consuming', async () => {
    const { messaging, metrics } = await instance('svc-strict', 's-1');
    const handled: string[] = [];
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      handler: (event: JobEvent) => {
        handled.push(event.jobId);
      },
    });
    const js = messaging.client.jetstream;
    // A well-formed envelope around a body that breaks the class's rules, as a buggy producer would send.
    const envelope = new MessageCodec().encode(JobEvent, jobEvent('template'), {
      source: 'buggy-producer',
    }).headers;

    await js.publish(
      jobSubject('bad'),
      new TextEncoder().encode(JSON.stringify({ jobId: 'Not Valid!', step: -1 })),
      { headers: envelope },
    );
    await js.publish(jobSubject('raw'), new TextEncoder().encode('no envelope at all'));
    await messaging.publisher.publishDurable(jobSubject('after'), JobEvent, jobEvent('after'));

    await eventually(() => handled.includes('after'), { timeoutMs: 20_000 });
    const letters = await eventually(
      async () => {
        const found = await deadLettersOf(messaging, 'svc-strict');
        return found.length === 2 ? found : undefined;
      },
      { timeoutMs: 20_000 },
    );
    const invalid = letters.find((letter) => letter.reason === 'validation');
    const undecodable = letters.find((letter) => letter.reason === 'decode');
    expect(invalid?.errors.map((error) => error.path).sort()).toEqual(['jobId', 'step']);
    expect(invalid?.headers).toContainEqual({
      name: CloudEventHeader.Type,
      value: 'warden.test-messaging.job-event.v1',
    });
    expect(undecodable?.bodyPreview).toBe('no envelope at all');
    expect(handled).toEqual(['after']);
    expect(await counterValue(metrics, 'warden_messages_dead_lettered_total', { reason: 'validation' })).toBe(
      1,
    );
    expect(await counterValue(metrics, 'warden_messages_dead_lettered_total', { reason: 'decode' })).toBe(1);
  });

  it('handles a message published twice with one id within the duplicate window once', async () => {
    const { messaging } = await instance('svc-dedup', 'd-1');
    const handled: string[] = [];
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      concurrency: 1,
      handler: (event: JobEvent) => {
        handled.push(event.jobId);
      },
    });

    const first = await messaging.publisher.publishDurable(jobSubject('once'), JobEvent, jobEvent('once'), {
      id: 'order-42',
    });
    const second = await messaging.publisher.publishDurable(jobSubject('once'), JobEvent, jobEvent('once'), {
      id: 'order-42',
    });
    await messaging.publisher.publishDurable(jobSubject('marker'), JobEvent, jobEvent('marker'));

    await eventually(() => handled.includes('marker'), { timeoutMs: 20_000 });
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.sequence).toBe(first.sequence);
    expect(handled).toEqual(['once', 'marker']);
  });

  it('loses no JetStream event when the server restarts mid-stream', async () => {
    const { messaging } = await instance('svc-restart', 'r-1');
    const handled = new Set<string>();
    await messaging.consumeDurable({
      stream: TEST_STREAM.name,
      filterSubject: TEST_SUBJECTS,
      messageClass: JobEvent,
      handler: (event: JobEvent) => {
        handled.add(event.jobId);
      },
    });
    const published: string[] = [];
    const publishAll = async (from: number, to: number): Promise<void> => {
      for (let index = from; index < to; index++) {
        const jobId = `job-${index}`;
        await messaging.publisher.publishDurable(jobSubject(jobId), JobEvent, jobEvent(jobId));
        published.push(jobId);
      }
    };

    await publishAll(0, 50);
    const restarting = server.restart();
    await Promise.all([restarting, publishAll(50, 100)]);
    await publishAll(100, 150);

    await eventually(() => published.every((jobId) => handled.has(jobId)), { timeoutMs: 60_000 });
    expect(published).toHaveLength(150);
  });
});
