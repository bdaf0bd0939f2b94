import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import {
  JobEvent,
  counterValue,
  deadLettersOf,
  jobEvent,
  startServiceInstance,
  type ServiceInstance,
} from '../testing/messaging-fixture.test-helper';

describe('core subscriptions against a real nats-server', () => {
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

  it('shares messages within the service queue group: each is handled by one replica', async () => {
    const handled: string[] = [];
    for (const name of ['c-1', 'c-2']) {
      const { messaging } = await instance('svc-core', name);
      await messaging.subscribeCore('test.beats.*', JobEvent, (event: JobEvent) => {
        handled.push(event.jobId);
      });
    }
    const publisher = (await instance('svc-source', 'p-1')).messaging.publisher;

    for (let index = 0; index < 30; index++)
      publisher.publish(`test.beats.a${index}`, JobEvent, jobEvent(`beat-${index}`));

    await eventually(() => handled.length >= 30, { timeoutMs: 10_000 });
    expect(new Set(handled).size).toBe(30);
    expect(handled).toHaveLength(30);
  });

  it('dead-letters an invalid core message and keeps handling the next ones', async () => {
    const { messaging, metrics } = await instance('svc-core-strict', 'c-1');
    const handled: string[] = [];
    await messaging.subscribeCore('test.beats.*', JobEvent, (event: JobEvent) => {
      handled.push(event.jobId);
    });

    messaging.client.connection.publish('test.beats.x', new TextEncoder().encode('{"jobId":'));
    messaging.publisher.publish('test.beats.y', JobEvent, jobEvent('fine'));

    await eventually(() => handled.includes('fine'), { timeoutMs: 10_000 });
    const [letter] = await eventually(
      async () => {
        const letters = await deadLettersOf(messaging, 'svc-core-strict');
        return letters.length > 0 ? letters : undefined;
      },
      { timeoutMs: 10_000 },
    );
    expect(letter.reason).toBe('decode');
    expect(letter.originalSubject).toBe('test.beats.x');
    expect(letter.deliveryCount).toBe(1);
    expect(
      await counterValue(metrics, 'warden_messages_dead_lettered_total', {
        subject: 'test.beats.*',
        reason: 'decode',
      }),
    ).toBe(1);
  });
});
