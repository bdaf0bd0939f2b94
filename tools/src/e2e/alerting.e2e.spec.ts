import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecoveryEvent, SubjectWildcards } from '@warden/contracts';
import { eventually, WebhookReceiver } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

/**
 * 30 agents over 6 hosts in 3 zones. agent-0003 (zone-c) crashes 6 s in and is restarted (a restart takes
 * its host 4 s, longer than group_wait, so the alert is worth sending); at 30 s the whole of zone-b goes
 * dark and stays dark.
 */
const SCENARIO = `
name: e2e-alerting
description: a crash that recovers, then a zone outage; the alerts a person would get
seed: 13
fleet: { agents: 30, hosts: 6, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 4s }
load: { tasksPerAgentPerSecond: 1, taskDurationMs: { mean: 20, jitterRatio: 0.2 } }
duration: 120s
faults:
  - at: 6s
    kind: crash
    target: { agents: [agent-0003] }
  - at: 30s
    kind: zone-outage
    target: { zone: zone-b }
    duration: 90s
`;

interface Payload {
  version: string;
  status: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; fingerprint: string }[];
}

function alertingConfig(receiver: WebhookReceiver): string {
  const path = join(mkdtempSync(join(tmpdir(), 'warden-e2e-alerting-')), 'alerting.yaml');
  writeFileSync(
    path,
    `
route:
  receiver: ops
  group_by: [alertname, zone]
  group_wait: 2s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="critical"']
      receiver: ops
      group_wait: 1s
      escalation_policy: pager
receivers:
  - name: ops
    webhook: { url: '${receiver.url('/ops')}' }
  - name: pager
    webhook: { url: '${receiver.url('/pager')}' }
escalation_policies:
  - name: pager
    ack_timeout: 1h
    levels:
      - receivers: [pager]
        escalate_after: 1h
`,
  );
  return path;
}

/**
 * The whole chain with the alert manager, each service its own OS process, and a real local webhook
 * receiver: a crash fires an alert that the restart resolves; a zone outage is one critical incident that
 * pages once, with the dark zone's per-agent alerts folded into it and no restarts.
 */
describe('alerting end to end: fleet-sim → collector → detector → coordinator → alert-manager → webhook', () => {
  let receiver: WebhookReceiver;
  let stack: SupervisionStack;
  let recoveries: RecoveryEvent[];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    stack = await SupervisionStack.start([
      { app: 'alert-manager', env: { ALERT_MANAGER_CONFIG_FILE: alertingConfig(receiver) } },
    ]);
    recoveries = stack.record(SubjectWildcards.recovery, RecoveryEvent);
    await stack.runScenario('alerting', SCENARIO);
  });

  afterAll(async () => {
    await stack?.stop();
    await receiver?.close();
  });

  const ops = () => receiver.on('/ops').map((request) => request.body as Payload);
  const alertsAbout = (agentId: string) =>
    ops().flatMap((payload) => payload.alerts.filter((alert) => alert.labels.agent === agentId));

  it('fires an alert for the crashed agent and resolves it once the restart made it healthy', async () => {
    await eventually(() => alertsAbout('agent-0003').some((alert) => alert.status === 'firing'), {
      timeoutMs: 40_000,
      message: 'no firing alert for agent-0003 reached the webhook',
    });
    const firing = alertsAbout('agent-0003').find((alert) => alert.status === 'firing')!;
    expect(firing.labels).toMatchObject({
      alertname: 'AgentFailure',
      zone: 'zone-c',
      type: 'heartbeat-timeout',
    });
    await eventually(() => alertsAbout('agent-0003').some((alert) => alert.status === 'resolved'), {
      timeoutMs: 40_000,
      message: 'the alert for agent-0003 was never resolved at the webhook',
    });
    expect(recoveries.some((event) => event.agentId === 'agent-0003' && event.phase === 'succeeded')).toBe(
      true,
    );
    expect(ops().every((payload) => payload.version === '4')).toBe(true);
  });

  it('turns the zone outage into one grouped critical incident that pages once, per-agent alerts folded', async () => {
    const outage = await eventually(
      () =>
        ops().find(
          (payload) =>
            payload.groupLabels.alertname === 'FailurePattern' && payload.groupLabels.zone === 'zone-b',
        ),
      { timeoutMs: 60_000, message: 'no zone-outage notification reached the webhook' },
    );
    expect(outage.alerts).toHaveLength(1);
    expect(outage.alerts[0].labels).toMatchObject({ pattern: 'zone-outage', severity: 'critical' });
    await eventually(() => receiver.on('/pager').length > 0, {
      timeoutMs: 20_000,
      message: 'nobody was paged',
    });

    // Absence needs a window: per-agent notifications or a second page would arrive within it.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const pages = receiver.on('/pager');
    expect(pages).toHaveLength(1);
    expect(pages[0].headers['x-warden-notification-reason']).toBe('triggered');
    const zoneBAgentAlerts = ops().flatMap((payload) =>
      payload.alerts.filter(
        (alert) => alert.labels.alertname === 'AgentFailure' && alert.labels.zone === 'zone-b',
      ),
    );
    expect(zoneBAgentAlerts).toEqual([]);

    const manager = stack.process('alert-manager')!;
    const listed = (await (await fetch(`${manager.baseUrl}/api/v2/alerts?active=false`)).json()) as {
      labels: Record<string, string>;
      status: { inhibitedBy: string[] };
    }[];
    const folded = listed.filter(
      (alert) => alert.labels.zone === 'zone-b' && alert.labels.alertname === 'AgentFailure',
    );
    expect(folded.length).toBe(10);
    expect(new Set(folded.flatMap((alert) => alert.status.inhibitedBy))).toEqual(
      new Set([outage.alerts[0].fingerprint]),
    );
    const incidents = (await (await fetch(`${manager.baseUrl}/api/warden/incidents`)).json()) as {
      state: string;
    }[];
    expect(incidents.filter((incident) => incident.state !== 'resolved')).toHaveLength(1);
  });

  it('restarts none of the dark zone agent by agent', () => {
    const zoneBRestarts = recoveries.filter(
      (event) => event.phase === 'commanded' && event.agentId !== 'agent-0003',
    );
    expect(zoneBRestarts).toEqual([]);
  });

  it('keeps every process running', () => {
    for (const child of stack.liveness()) expect(child).toEqual({ name: child.name, running: true });
  });
});
