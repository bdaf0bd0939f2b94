import type { ReceiverConfig } from '../config/alerting-config';
import { alertWith } from '../testing/alert-fixtures.test-helper';
import type { Notification } from './notification';
import { slackPayloadOf } from './slack-payload';
import { webhookPayloadOf } from './webhook-payload';

const receiver = (overrides: Partial<ReceiverConfig> = {}): ReceiverConfig => ({
  name: 'ops',
  kind: 'webhook',
  url: 'http://127.0.0.1:9/hook',
  timeoutMs: 1000,
  maxAlerts: 0,
  sendResolved: true,
  retry: { attempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
  ...overrides,
});

const NOW = Date.parse('2026-06-01T00:10:00Z');

function notification(overrides: Partial<Notification> = {}): Notification {
  const firing = alertWith(
    { alertname: 'AgentFailure', agent: 'a1', zone: 'z1', severity: 'high' },
    { startsAt: NOW - 60_000 },
  );
  const resolved = alertWith(
    { alertname: 'AgentFailure', agent: 'a2', zone: 'z1', severity: 'high' },
    { startsAt: NOW - 120_000, endsAt: NOW - 5_000 },
  );
  return {
    receiver: receiver(),
    groupKey: 'root:{zone="z1"}',
    status: 'firing',
    groupLabels: { zone: 'z1' },
    alerts: [firing, resolved],
    reason: 'new-alerts',
    fencingToken: 7,
    notificationId: 'n-1',
    externalUrl: 'http://am.example',
    at: NOW,
    ...overrides,
  };
}

describe('webhook payload (Alertmanager version 4)', () => {
  it('carries the group, the common labels and each alert with its status and times', () => {
    const payload = webhookPayloadOf(notification());
    expect(payload).toMatchObject({
      version: '4',
      groupKey: 'root:{zone="z1"}',
      status: 'firing',
      receiver: 'ops',
      groupLabels: { zone: 'z1' },
      commonLabels: { alertname: 'AgentFailure', zone: 'z1', severity: 'high' },
      externalURL: 'http://am.example',
      truncatedAlerts: 0,
    });
    expect(payload.alerts.map((alert) => [alert.labels.agent, alert.status, alert.endsAt])).toEqual([
      ['a1', 'firing', '0001-01-01T00:00:00Z'],
      ['a2', 'resolved', new Date(NOW - 5_000).toISOString()],
    ]);
    expect(payload.alerts[0].startsAt).toBe(new Date(NOW - 60_000).toISOString());
    expect(payload.alerts[0].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('cuts the alert list at max_alerts and says how many were left out', () => {
    const payload = webhookPayloadOf(notification({ receiver: receiver({ maxAlerts: 1 }) }));
    expect(payload.alerts).toHaveLength(1);
    expect(payload.truncatedAlerts).toBe(1);
  });
});

describe('Slack payload', () => {
  it('summarises the group with one line per alert', () => {
    const payload = slackPayloadOf(notification({ receiver: receiver({ kind: 'slack' }) }));
    expect(payload.text).toBe('[FIRING:1] zone=z1 (new-alerts)');
    expect(payload.attachments[0].color).toBe('danger');
    expect(payload.attachments[0].text.split('\n')).toHaveLength(2);
    expect(payload.attachments[0].footer).toContain('1 firing, 1 resolved');
  });
});
