import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemoteError, Subjects, TaskResult, TaskSubmitted, messageTypeOf } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { OtlpReceiver, OtlpSpanKind, WebhookReceiver, eventually, type ReceivedSpan } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

/** Six agents on two hosts; agent-0003 crashes 4 s in and its host restarts it. No load of their own. */
const SCENARIO = `
name: e2e-causal-trace
description: one crash, recovered; the trace of it from conviction to the webhook
seed: 5
fleet: { agents: 6, hosts: 2, zones: 2, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 1s }
load: { tasksPerAgentPerSecond: 0, taskDurationMs: { mean: 10, jitterRatio: 0.2 } }
duration: 120s
faults:
  - at: 4s
    kind: crash
    target: { agents: [agent-0003] }
`;

const CRASHED = 'agent-0003';
const HEARTBEAT_SPAN = 'publish supervision.health.heartbeat.{partition}.{agentId}';

function alertingConfig(webhook: WebhookReceiver): string {
  const path = join(mkdtempSync(join(tmpdir(), 'warden-e2e-trace-')), 'alerting.yaml');
  writeFileSync(
    path,
    `
route:
  receiver: ops
  group_by: [alertname, agent]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: ops
    webhook: { url: '${webhook.url('/ops')}' }
`,
  );
  return path;
}

/** The spans from `span` up to its trace's root, following parent ids within the trace. */
function ancestry(span: ReceivedSpan, trace: readonly ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(trace.map((each) => [each.spanId, each]));
  const path = [span];
  for (let current = span; current.parentSpanId;) {
    const parent = byId.get(current.parentSpanId);
    if (!parent) break;
    path.push(parent);
    current = parent;
  }
  return path;
}

const describePath = (path: readonly ReceivedSpan[]): string[] =>
  path.map((span) => `${span.serviceName}: ${span.name}`);

/**
 * Every process exports to a real OTLP/HTTP receiver in the test — the supervision chain and fleet-sim
 * in protobuf, the alert manager and the load balancer in JSON — and the test follows one crash from
 * the detector's conviction through the coordinator's decision and command, fleet-sim's host, the alert
 * manager's intake to the webhook POST, all in ONE trace; and a routed task from the load balancer into
 * the agent's handler.
 */
describe('causal trace end to end (services as processes exporting OTLP)', () => {
  let otlp: OtlpReceiver;
  let webhook: WebhookReceiver;
  let stack: SupervisionStack;
  const inherited = {
    OTEL_EXPORTER_OTLP_ENDPOINT: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'],
    OTEL_EXPORTER_OTLP_PROTOCOL: process.env['OTEL_EXPORTER_OTLP_PROTOCOL'],
    OTEL_BSP_SCHEDULE_DELAY: process.env['OTEL_BSP_SCHEDULE_DELAY'],
  };

  beforeAll(async () => {
    otlp = await OtlpReceiver.start();
    webhook = await WebhookReceiver.start();
    // The stack's processes start from this process's environment: the chain and fleet-sim take these.
    Object.assign(process.env, {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      // Batches every 200 ms instead of 5 s, so the spans are there soon after what they describe.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    const json = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' };
    stack = await SupervisionStack.start([
      { app: 'alert-manager', env: { ALERT_MANAGER_CONFIG_FILE: alertingConfig(webhook), ...json } },
      { app: 'load-balancer', env: json },
    ]);
    await stack.runScenario('causal-trace', SCENARIO);
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(inherited)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await stack?.stop();
    await webhook?.close();
    await otlp?.close();
  });

  it('joins conviction → recovery decision → host command → alert → webhook send in one trace', async () => {
    const firing = await eventually(
      () =>
        webhook.on('/ops').find((request) => {
          const body = request.body as { alerts?: { status: string; labels: Record<string, string> }[] };
          return body.alerts?.some((alert) => alert.status === 'firing' && alert.labels['agent'] === CRASHED);
        }),
      { timeoutMs: 45_000, message: `no firing alert for ${CRASHED} reached the webhook` },
    );
    const traceparent = String(firing.headers['traceparent'] ?? '');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [, traceId, postSpanId] = traceparent.split('-');

    const step = (service: string, name: string | RegExp, kind?: number) => (spans: ReceivedSpan[]) =>
      spans.find(
        (span) =>
          span.serviceName === service &&
          (typeof name === 'string' ? span.name === name : name.test(span.name)) &&
          (kind === undefined || span.kind === kind),
      );
    const chain = {
      conviction: step('failure-detector', 'failure.conviction'),
      decision: step('recovery-coordinator', 'recovery.policy-fired'),
      command: step('recovery-coordinator', 'recovery.command restart'),
      host: step('fleet-sim', 'host.command restart', OtlpSpanKind.CONSUMER),
      alert: step(
        'alert-manager',
        'process supervision.failures.{severity}.{agentId}',
        OtlpSpanKind.CONSUMER,
      ),
      send: step('alert-manager', 'POST', OtlpSpanKind.CLIENT),
    };
    // Every process batches its own export: wait until all of them sent their part of the trace.
    const trace = await eventually(
      () => {
        const spans = otlp.trace(traceId!);
        return Object.values(chain).every((find) => find(spans)) && spans;
      },
      {
        timeoutMs: 20_000,
        message: `trace ${traceId} never held every step; it has ${JSON.stringify(describePath(otlp.trace(traceId!)))}`,
      },
    );
    expect(otlp.rejected).toEqual([]);

    const conviction = chain.conviction(trace)!;
    const send = chain.send(trace)!;
    // The conviction starts the trace; each later step descends from it, in causal order.
    expect(conviction.parentSpanId).toBeUndefined();
    expect(conviction.attributes['warden.agent.id']).toBe(CRASHED);
    const hostPath = ancestry(chain.host(trace)!, trace);
    expect(describePath(hostPath)).toEqual(
      expect.arrayContaining([
        'fleet-sim: host.command restart',
        'fleet-sim: process host.{hostId}.control',
        'recovery-coordinator: recovery.command restart',
        'recovery-coordinator: process supervision.failures.{severity}.{agentId}',
        'failure-detector: failure.conviction',
      ]),
    );
    expect(hostPath.at(-1)).toBe(conviction);
    // The decision is recorded by the same consumer delivery that goes on to command the host.
    const decision = chain.decision(trace)!;
    const coordinatorDelivery = hostPath.find((span) =>
      span.name.startsWith('process supervision.failures'),
    )!;
    expect(ancestry(decision, trace)).toContain(coordinatorDelivery);
    expect(decision.attributes['warden.agent.id']).toBe(CRASHED);

    const sendPath = ancestry(send, trace);
    expect(send.spanId).toBe(postSpanId);
    // Under the delivery of the event that last changed the alert: the failure, or a recovery step of it.
    expect(describePath(sendPath.slice(0, 2))).toEqual([
      'alert-manager: POST',
      'alert-manager: notify webhook',
    ]);
    expect(sendPath[2]).toMatchObject({ serviceName: 'alert-manager', kind: OtlpSpanKind.CONSUMER });
    expect(sendPath.at(-1)).toBe(conviction);
    expect(new Set(trace.map((span) => span.serviceName)).size).toBeGreaterThanOrEqual(4);
    // Both OTLP encodings carried parts of this one trace.
    expect(new Set(trace.map((span) => span.encoding))).toEqual(new Set(['protobuf', 'json']));

    // The conviction links to the trace of the crashed agent's last heartbeat, sent by fleet-sim.
    const [link] = conviction.links.filter((each) => each.attributes['warden.link'] === 'last-heartbeat');
    expect(link).toBeDefined();
    const heartbeat = await eventually(() => otlp.span(link!.spanId), {
      timeoutMs: 10_000,
      message: 'the linked heartbeat span never arrived',
    });
    expect(heartbeat).toMatchObject({
      traceId: link!.traceId,
      serviceName: 'fleet-sim',
      name: HEARTBEAT_SPAN,
      kind: OtlpSpanKind.PRODUCER,
    });
    expect(heartbeat.attributes['warden.agent.id']).toBe(CRASHED);
  });

  it("links the collector's verdict on the crashed agent to that agent's heartbeat span", async () => {
    // The collector's side of the heartbeats: its state change (unresponsive) starts a trace linked to the
    // last heartbeat it ingested, as the detector's conviction does.
    const linked = await eventually(
      () =>
        otlp
          .find({ serviceName: 'health-collector', name: 'health.transition' })
          .filter((span) => span.attributes['warden.agent.id'] === CRASHED)
          .flatMap((span) => span.links.filter((link) => link.attributes['warden.link'] === 'last-heartbeat'))
          .map((link) => otlp.span(link.spanId))
          .find((span) => span !== undefined),
      {
        timeoutMs: 10_000,
        message: `no collector transition of ${CRASHED} linked to a received heartbeat span`,
      },
    );
    expect(linked).toMatchObject({ serviceName: 'fleet-sim', name: HEARTBEAT_SPAN });
    expect(linked.attributes['warden.agent.id']).toBe(CRASHED);
  });

  it("continues a task's trace through the load balancer into the agent's handler span", async () => {
    const codec = new MessageCodec();
    const task: TaskSubmitted = {
      taskId: 'e2e-traced-task-1',
      taskType: 'synthetic',
      priority: 'high',
      requiredCapabilities: ['compute'],
      preferredZones: [],
      payload: {},
      timeoutMs: 10_000,
      maxAttempts: 3,
      submittedBy: 'e2e',
      submittedAt: new Date().toISOString(),
    };
    const encoded = codec.encode(TaskSubmitted, task, { source: 'e2e' });
    // The submitting application's trace: the test is its (untraced) root.
    const traceId = randomBytes(16).toString('hex');
    encoded.headers.set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    const submitter = await stack.connectAs('task-submitter', 'e2e-traced-submitter');
    const reply = await submitter
      .request(Subjects.taskRequest('synthetic'), encoded.data, { timeout: 15_000, headers: encoded.headers })
      .finally(() => submitter.close());
    const answer = codec.decode<TaskResult | RemoteError>(reply, {
      [messageTypeOf(TaskResult)]: TaskResult,
      [messageTypeOf(RemoteError)]: RemoteError,
    }).payload;
    expect(answer).toMatchObject({ taskId: 'e2e-traced-task-1', outcome: 'succeeded' });

    const handlerOf = (spans: ReceivedSpan[]) =>
      spans.find((span) => span.serviceName === 'fleet-sim' && span.name === 'task synthetic');
    // Each process exports on its own schedule: wait until the handler's ancestry reaches the balancer.
    const handler = await eventually(
      () => {
        const spans = otlp.trace(traceId);
        const found = handlerOf(spans);
        return found && ancestry(found, spans).at(-1)?.serviceName === 'load-balancer' && found;
      },
      {
        timeoutMs: 15_000,
        message: `trace ${traceId} never led from the balancer to a handler span: ${JSON.stringify(describePath(otlp.trace(traceId)))}`,
      },
    );
    expect(handler.kind).toBe(OtlpSpanKind.CONSUMER);
    expect(handler.attributes).toMatchObject({
      'warden.task.id': 'e2e-traced-task-1',
      'warden.agent.id': (answer as TaskResult).agentId,
      'warden.task.outcome': 'succeeded',
    });
    const path = describePath(ancestry(handler, otlp.trace(traceId)));
    expect(path.slice(0, 2)).toEqual([
      'fleet-sim: task synthetic',
      'fleet-sim: process agent.{agentId}.tasks',
    ]);
    expect(path.at(-1)).toBe('load-balancer: process coordination.tasks.request.{taskType}');
  });
});
