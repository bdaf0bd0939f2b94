import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AlertGroupNotice, IncidentAcknowledge, IncidentReply, Subjects } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
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
  sendJson,
  until,
} from './alerting-harness.test-helper';

/**
 * One alert manager process against a real nats-server and a real local webhook receiver: grouping, the
 * v4 payload, resolution by recovery, escalation and acknowledgement, silences and the v2 API.
 */
describe('alert manager (one replica, real NATS, real webhook)', () => {
  let nats: NatsServerHandle;
  let receiver: WebhookReceiver;
  let source: EventSource;
  let manager: ServiceProcess;
  let config: string;

  beforeAll(async () => {
    nats = await startNatsServer();
    receiver = await WebhookReceiver.start();
    receiver.failOn('/broken');
    config = alertingFile(`
route:
  receiver: ops
  group_by: [zone]
  group_wait: 5s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['zone=~"esc-.*"']
      receiver: ops
      escalation_policy: pager
    - matchers: ['zone="broken-zone"']
      receiver: broken
    - matchers: ['zone="bus-zone"']
      receiver: bus
receivers:
  - name: ops
    webhook:
      url: ${receiver.url('/ops')}
  - name: level-1
    webhook:
      url: ${receiver.url('/level-1')}
  - name: level-2
    webhook:
      url: ${receiver.url('/level-2')}
  - name: bus
    nats: {}
  - name: broken
    webhook:
      url: ${receiver.url('/broken')}
      retry: { attempts: 2, initial_backoff: 10ms }
escalation_policies:
  - name: pager
    ack_timeout: 1h
    levels:
      - receivers: [level-1]
        escalate_after: 3s
      - receivers: [level-2]
        escalate_after: 1h
`);
    manager = await launchAlertManager(nats.url, 'am-1', config);
    source = await EventSource.connect(nats.url);
  });

  afterAll(async () => {
    await source?.close();
    await manager?.stop();
    await receiver?.close();
    await nats?.dispose();
  });

  const opsFor = (zone: string) =>
    receiver.on('/ops').filter((request) => (request.body as WebhookPayload).groupLabels.zone === zone);

  it('sends 200 failures in one zone as one grouped notification with a valid v4 payload, then the resolution', async () => {
    const failures = [];
    for (let i = 0; i < 200; i++)
      failures.push(await source.failure(`agent-${String(i).padStart(3, '0')}`, 'zone-a'));
    await until(() => expect(opsFor('zone-a')).toHaveLength(1), 20_000);
    // Two more group intervals: still the one notification, not 200.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(opsFor('zone-a')).toHaveLength(1);

    const payload = opsFor('zone-a')[0].body as WebhookPayload;
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'ops',
      groupLabels: { zone: 'zone-a' },
      commonLabels: {
        alertname: 'AgentFailure',
        zone: 'zone-a',
        severity: 'high',
        type: 'heartbeat-timeout',
      },
      truncatedAlerts: 0,
    });
    expect(typeof payload.groupKey).toBe('string');
    expect(typeof payload.externalURL).toBe('string');
    expect(payload.alerts).toHaveLength(200);
    for (const alert of payload.alerts) {
      expect(alert.status).toBe('firing');
      expect(alert.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(Number.isNaN(Date.parse(alert.startsAt))).toBe(false);
      expect(alert.endsAt).toBe('0001-01-01T00:00:00Z');
      expect(alert.labels.agent).toMatch(/^agent-\d{3}$/);
    }

    await source.recovered(failures[0]);
    await until(() => expect(opsFor('zone-a')).toHaveLength(2), 10_000);
    const update = opsFor('zone-a')[1].body as WebhookPayload;
    const resolved = update.alerts.filter((alert) => alert.status === 'resolved');
    expect(resolved.map((alert) => alert.labels.agent)).toEqual(['agent-000']);
    expect(Date.parse(resolved[0].endsAt)).toBeGreaterThan(Date.parse(resolved[0].startsAt));
    const history = await getJson(`${manager.baseUrl}/api/warden/alerts/${resolved[0].fingerprint}/history`);
    expect((history.body as { evidence: { kind: string }[] }).evidence.map((link) => link.kind)).toEqual([
      'failure',
      'recovery',
    ]);
  });

  it('escalates an unacknowledged incident to the next level, and an acknowledgement stops that', async () => {
    await source.failure('agent-ack', 'esc-acked', 'critical');
    await source.failure('agent-noack', 'esc-ignored', 'critical');
    const level1For = (zone: string) =>
      receiver.on('/level-1').filter((request) => (request.body as WebhookPayload).groupLabels.zone === zone);
    await until(() => {
      expect(level1For('esc-acked')).toHaveLength(1);
      expect(level1For('esc-ignored')).toHaveLength(1);
    }, 15_000);
    const incidentId = level1For('esc-acked')[0].headers['x-warden-incident-id'] as string;
    expect(incidentId).toMatch(/^inc-/);

    const reply = await source.messaging.publisher.request(
      Subjects.incidentAcknowledge(),
      IncidentAcknowledge,
      { incidentId, acknowledgedBy: 'alice' },
      IncidentReply,
      { timeoutMs: 5_000 },
    );
    expect(reply.incident).toMatchObject({ incidentId, state: 'acknowledged', acknowledgedBy: 'alice' });

    const level2Zones = () =>
      receiver.on('/level-2').map((request) => (request.body as WebhookPayload).groupLabels.zone);
    await until(() => expect(level2Zones()).toContain('esc-ignored'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(level2Zones()).not.toContain('esc-acked');
  });

  it('answers the v2 API in Alertmanager shapes, and a silence mutes what it matches', async () => {
    const alerts = await getJson(
      `${manager.baseUrl}/api/v2/alerts?filter=${encodeURIComponent('zone="zone-a"')}`,
    );
    expect(alerts.status).toBe(200);
    const list = alerts.body as {
      fingerprint: string;
      labels: Record<string, string>;
      receivers: { name: string }[];
      status: { state: string; silencedBy: string[]; inhibitedBy: string[] };
    }[];
    expect(list).toHaveLength(199);
    expect(list[0]).toMatchObject({
      receivers: [{ name: 'ops' }],
      status: { state: 'active', silencedBy: [], inhibitedBy: [] },
    });
    for (const key of ['annotations', 'startsAt', 'endsAt', 'updatedAt', 'generatorURL'])
      expect(list[0]).toHaveProperty(key);

    const created = await sendJson(`${manager.baseUrl}/api/v2/silences`, 'POST', {
      matchers: [{ name: 'agent', value: 'agent-00[0-4]', isRegex: true, isEqual: true }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'alice',
      comment: 'maintenance of the first agents',
    });
    expect(created.status).toBe(200);
    const silenceId = (created.body as { silenceID: string }).silenceID;
    const silence = await getJson(`${manager.baseUrl}/api/v2/silence/${silenceId}`);
    expect(silence.body).toMatchObject({
      id: silenceId,
      status: { state: 'active' },
      createdBy: 'alice',
      matchers: [{ name: 'agent', isRegex: true, isEqual: true }],
    });

    const suppressed = await getJson(
      `${manager.baseUrl}/api/v2/alerts?active=false&filter=${encodeURIComponent('zone="zone-a"')}`,
    );
    const mutedAgents = (suppressed.body as typeof list).map((alert) => alert.labels.agent).sort();
    expect(mutedAgents).toEqual(['agent-001', 'agent-002', 'agent-003', 'agent-004']);
    expect((suppressed.body as typeof list)[0].status).toMatchObject({
      state: 'suppressed',
      silencedBy: [silenceId],
    });

    expect((await sendJson(`${manager.baseUrl}/api/v2/silence/${silenceId}`, 'DELETE')).status).toBe(200);
    const expired = await getJson(`${manager.baseUrl}/api/v2/silence/${silenceId}`);
    expect((expired.body as { status: { state: string } }).status.state).toBe('expired');

    const status = await getJson(`${manager.baseUrl}/api/v2/status`);
    expect(status.body).toMatchObject({
      cluster: { status: 'ready' },
      versionInfo: { version: '0.1.0' },
      config: { original: expect.stringContaining('route:') },
    });
  });

  it('answers invalid requests with 400 and the reason', async () => {
    const noMatchers = await sendJson(`${manager.baseUrl}/api/v2/silences`, 'POST', {
      endsAt: 'tomorrow',
      createdBy: 'x',
      comment: '',
    });
    expect(noMatchers.status).toBe(400);
    expect(JSON.stringify(noMatchers.body)).toMatch(/matchers/);
    const badFilter = await getJson(
      `${manager.baseUrl}/api/v2/alerts?filter=${encodeURIComponent('zone=~"("')}`,
    );
    expect(badFilter.status).toBe(400);
    const missing = await getJson(`${manager.baseUrl}/api/v2/silence/no-such-silence`);
    expect(missing.status).toBe(404);
  });

  it('publishes a NATS receiver notice with the same facts and the fencing token', async () => {
    const notices: AlertGroupNotice[] = [];
    const codec = new MessageCodec();
    const subscription = source.messaging.client.connection.subscribe(Subjects.alertReceiver('bus'), {
      callback: (_error, message) => void notices.push(codec.decode(message, AlertGroupNotice).payload),
    });
    await source.messaging.client.connection.flush();
    await source.failure('agent-bus', 'bus-zone');
    await until(() => expect(notices).toHaveLength(1), 10_000);
    subscription.unsubscribe();
    expect(notices[0]).toMatchObject({
      receiver: 'bus',
      status: 'firing',
      reason: 'new-alerts',
      truncatedAlerts: 0,
    });
    expect(notices[0].groupLabels).toEqual([{ name: 'zone', value: 'bus-zone' }]);
    expect(notices[0].alerts.map((alert) => alert.summary)).toEqual(['agent-bus stopped sending heartbeats']);
    expect(notices[0].fencingToken).toBeGreaterThan(0);
  });

  it('fires an alert when the load balancer opens an agent’s breaker, and resolves it when it closes', async () => {
    const circuitAlerts = async () => {
      const { body } = await getJson(
        `${manager.baseUrl}/api/v2/alerts?filter=${encodeURIComponent('alertname="AgentCircuitOpen"')}`,
      );
      return body as { labels: Record<string, string> }[];
    };
    await source.breaker('agent-cb', 'closed', 'open', 1);
    await until(async () => {
      expect((await circuitAlerts()).map((alert) => alert.labels.agent)).toEqual(['agent-cb']);
    }, 10_000);
    await source.breaker('agent-cb', 'open', 'half-open', 2);
    await source.breaker('agent-cb', 'half-open', 'closed', 3);
    await until(async () => expect(await circuitAlerts()).toEqual([]), 10_000);
  });

  it('shows a failing receiver in its metrics and in the alert history', async () => {
    await source.failure('agent-broken', 'broken-zone');
    await until(async () => {
      const metrics = await (await fetch(`${manager.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/warden_alert_receiver_failing\{receiver="broken"[^}]*\} 1/);
      expect(metrics).toMatch(
        /warden_alert_notifications_total\{receiver="broken",outcome="failed"[^}]*\} \d+/,
      );
    }, 10_000);
    expect(receiver.on('/broken').length).toBeGreaterThanOrEqual(2);
    const alerts = await getJson(
      `${manager.baseUrl}/api/v2/alerts?filter=${encodeURIComponent('agent="agent-broken"')}`,
    );
    const fingerprint = (alerts.body as { fingerprint: string }[])[0].fingerprint;
    await until(async () => {
      const history = await getJson(`${manager.baseUrl}/api/warden/alerts/${fingerprint}/history`);
      expect(
        (history.body as { deliveries: { outcome: string; error?: string }[] }).deliveries[0],
      ).toMatchObject({
        receiver: 'broken',
        outcome: 'failed',
        error: expect.stringContaining('500'),
      });
    }, 5_000);
  });

  it('loses nothing over a restart and sends nothing twice', async () => {
    const silence = await sendJson(`${manager.baseUrl}/api/v2/silences`, 'POST', {
      matchers: [{ name: 'agent', value: 'agent-199', isRegex: false }],
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      createdBy: 'bob',
      comment: 'kept over a restart',
    });
    const silenceId = (silence.body as { silenceID: string }).silenceID;
    const before = await getJson(`${manager.baseUrl}/api/v2/alerts?active=true&silenced=true&inhibited=true`);
    const sentBefore = receiver.requests.filter((request) => request.path !== '/broken').length;

    await manager.stop();
    manager = await launchAlertManager(nats.url, 'am-1', config);

    await until(async () => {
      const after = await getJson(
        `${manager.baseUrl}/api/v2/alerts?active=true&silenced=true&inhibited=true`,
      );
      expect((after.body as unknown[]).length).toBe((before.body as unknown[]).length);
    }, 10_000);
    const kept = await getJson(`${manager.baseUrl}/api/v2/silence/${silenceId}`);
    expect(kept.body).toMatchObject({ id: silenceId, status: { state: 'active' }, createdBy: 'bob' });
    // Several group intervals after the restart: every group was already notified, nothing goes out again.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(receiver.requests.filter((request) => request.path !== '/broken').length).toBe(sentBefore);
  });
});

describe('alert manager with a bad alerting file', () => {
  it('stops at startup with exit code 78 naming the file and the bad field', async () => {
    const path = alertingFile(`
route:
  receiver: ops
  routes:
    - matchers: ['zone=~"("']
receivers:
  - name: ops
    log: {}
`);
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
      env: {
        ...process.env,
        ALERT_MANAGER_CONFIG_FILE: path,
        NATS_URL: 'nats://127.0.0.1:1',
        HTTP_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain(`${path}: route.routes[0].matchers[0]`);
    expect(stderr).toContain('bad regular expression');
  });
});
