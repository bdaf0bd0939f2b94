import {
  startNatsServer,
  WebhookReceiver,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';
import type { WebhookPayload } from '../src/notify/webhook-payload';
import {
  EventSource,
  alertingFile,
  getJson,
  launchAlertManager,
  senderOf,
  until,
} from './alerting-harness.test-helper';

/**
 * Three replicas, one sender (the holder of a one-partition lease): the sender is killed (SIGKILL, no
 * lease release) while a group waits to be sent. Its successor, fenced by a higher token, sends that group
 * once and does not repeat the group the dead sender had already notified.
 */
describe('alert sender failover (three replicas as OS processes)', () => {
  let nats: NatsServerHandle;
  let receiver: WebhookReceiver;
  let source: EventSource;
  let replicas: ServiceProcess[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await WebhookReceiver.start();
    const config = alertingFile(`
route:
  receiver: ops
  group_by: [zone]
  group_wait: 6s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: ops
    webhook:
      url: ${receiver.url('/ops')}
`);
    replicas = await Promise.all(
      ['am-a', 'am-b', 'am-c'].map((id) => launchAlertManager(nats.url, id, config)),
    );
    source = await EventSource.connect(nats.url);
  });

  afterAll(async () => {
    await source?.close();
    await Promise.all(replicas.map((replica) => replica.stop()));
    await receiver?.close();
    await nats?.dispose();
  });

  const sentFor = (zone: string) =>
    receiver.on('/ops').filter((request) => (request.body as WebhookPayload).groupLabels.zone === zone);

  const tokenOf = (request: { headers: Record<string, unknown> }) =>
    Number(request.headers['x-warden-fencing-token']);

  const storedAlerts = async (replica: ServiceProcess, zone: string): Promise<number> => {
    const { body } = await getJson(
      `${replica.baseUrl}/api/v2/alerts?filter=${encodeURIComponent(`zone="${zone}"`)}`,
    );
    return (body as unknown[]).length;
  };

  it('sends a group once after the sender dies mid-group, and repeats nothing already sent', async () => {
    await until(async () => {
      expect(await senderOf(replicas)).toBeDefined();
    }, 30_000);

    for (let i = 0; i < 20; i++) await source.failure(`early-${i}`, 'zone-early');
    await until(() => expect(sentFor('zone-early')).toHaveLength(1), 20_000);
    // The sender is the replica holding the token that sent the first group: while the replicas are still
    // joining, the lease may move once (rendezvous over the members), so "who said sender first" is not it.
    const earlyToken = tokenOf(sentFor('zone-early')[0]);
    const deadSender = (await senderOf(replicas, earlyToken)) as ServiceProcess;
    expect(deadSender).toBeDefined();

    for (let i = 0; i < 20; i++) await source.failure(`late-${i}`, 'zone-late');
    const survivors = replicas.filter((replica) => replica !== deadSender);
    // Every event is stored before the kill, so the test is about the sender, not about redelivery.
    await until(async () => {
      for (const survivor of survivors) expect(await storedAlerts(survivor, 'zone-late')).toBe(20);
    }, 5_000);
    expect(sentFor('zone-late')).toHaveLength(0);
    await deadSender.kill();

    await until(() => expect(sentFor('zone-late')).toHaveLength(1), 45_000);
    const successor = await senderOf(survivors);
    expect(successor).toBeDefined();
    // A few more group intervals: nothing is sent twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(sentFor('zone-late')).toHaveLength(1);
    expect(sentFor('zone-early')).toHaveLength(1);
    expect((sentFor('zone-late')[0].body as WebhookPayload).alerts).toHaveLength(20);
    expect(tokenOf(sentFor('zone-late')[0])).toBeGreaterThan(earlyToken);
  }, 120_000);
});
