import { Kvm } from '@nats-io/kv';
import { Buckets } from '@warden/contracts';
import {
  startNatsServer,
  WebhookReceiver,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';
import type { NotificationLogEntry } from '../src/dispatch/notification-decision';
import { NotificationLogKeys } from '../src/engine/notification-log-keys';
import type { WebhookPayload } from '../src/notify/webhook-payload';
import { EventSource, alertingFile, launchAlertManager, until } from './alerting-harness.test-helper';

/**
 * A receiver with `send_resolved: false` (the Slack default): the all-resolved flush sends it nothing but
 * clears the group's notification log entry, so the same alert firing again is paged at once, as in
 * Alertmanager, not `repeat_interval` later. The repeat interval is a day, so only a cleared log can page.
 */
describe('alert manager, receiver without send_resolved (real NATS, real webhook)', () => {
  let nats: NatsServerHandle;
  let receiver: WebhookReceiver;
  let source: EventSource;
  let manager: ServiceProcess;

  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await WebhookReceiver.start();
    const config = alertingFile(`
route:
  receiver: quiet
  group_by: [zone]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 24h
  routes:
    - matchers: ['zone="zone-loud"']
      receiver: loud
receivers:
  - name: quiet
    webhook:
      url: ${receiver.url('/quiet')}
      send_resolved: false
  - name: loud
    webhook:
      url: ${receiver.url('/loud')}
`);
    manager = await launchAlertManager(nats.url, 'am-quiet', config);
    source = await EventSource.connect(nats.url);
  });

  afterAll(async () => {
    await source?.close();
    await manager?.stop();
    await receiver?.close();
    await nats?.dispose();
  });

  const logEntry = async (groupKey: string): Promise<NotificationLogEntry | undefined> => {
    const kv = await new Kvm(source.messaging.client.connection).open(Buckets.notifications.name);
    const entry = await kv.get(NotificationLogKeys.group('quiet', groupKey));
    return entry?.operation === 'PUT' ? (entry.json() as NotificationLogEntry) : undefined;
  };

  it('pages an alert that fires again after it resolved, with nothing sent for the resolution', async () => {
    const first = await source.failure('agent-refire', 'zone-q');
    await until(() => expect(receiver.on('/quiet')).toHaveLength(1), 15_000);
    const firing = receiver.on('/quiet')[0].body as WebhookPayload;
    expect(firing.status).toBe('firing');
    expect(firing.alerts.map((alert) => alert.labels.agent)).toEqual(['agent-refire']);

    await source.recovered(first);
    // The all-resolved flush has run once the log says the receiver knows of nothing firing any more.
    await until(async () => {
      const entry = await logEntry(firing.groupKey);
      expect(entry).toMatchObject({ firing: [], state: 'sent' });
    }, 15_000);
    expect(receiver.on('/quiet')).toHaveLength(1);

    await source.failure('agent-refire', 'zone-q');
    await until(() => expect(receiver.on('/quiet')).toHaveLength(2), 15_000);
    const again = receiver.on('/quiet')[1];
    expect(again.headers['x-warden-notification-reason']).toBe('new-alerts');
    expect((again.body as WebhookPayload).alerts.map((alert) => alert.labels.agent)).toEqual([
      'agent-refire',
    ]);
  });

  it('still sends the all-resolved notification to a receiver that wants resolved notifications', async () => {
    const failure = await source.failure('agent-loud', 'zone-loud');
    await until(() => expect(receiver.on('/loud')).toHaveLength(1), 15_000);
    await source.recovered(failure);
    await until(() => expect(receiver.on('/loud')).toHaveLength(2), 15_000);
    const resolved = receiver.on('/loud')[1].body as WebhookPayload;
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts.map((alert) => [alert.labels.agent, alert.status])).toEqual([
      ['agent-loud', 'resolved'],
    ]);
  });
});
