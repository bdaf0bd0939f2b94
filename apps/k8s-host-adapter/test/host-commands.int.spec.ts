import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  CommandReceipt,
  createMessage,
  RecoveryCommand,
  Subjects,
  type RecoveryAction,
} from '@warden/contracts';
import { connectNats, Messaging, NatsConnectionConfig, type NatsClient } from '@warden/messaging';
import { createLogger, MetricsRegistry } from '@warden/telemetry';
import {
  launchService,
  NatsTestAuth,
  startNatsServer,
  type NatsServerHandle,
  type ServiceProcess,
} from '@warden/testing';
import { RECORDED_API_TOKEN, RecordedKubeApi } from './recorded-kube-api';

const ENTRY = join(__dirname, '..', 'dist', 'main.js');
const HOST_ID = 'k8s-test';
const POD = 'agent-a1-7d9f8c6b5-x2k4q';
const POD_UID = '5a1f0c3e-3b7e-4d59-9a43-7c1b2e8f0a11';
const PODS = '/api/v1/namespaces/agents/pods';
const POD_PATH = `${PODS}/${POD}`;
const APPS = '/apis/apps/v1/namespaces/agents';
/** The incarnation running in the recorded pod: the agent started just after its container (00:00:02Z). */
const CURRENT_INCARNATION = Date.parse('2026-01-01T00:00:03.120Z');
const LIST_CALL = { method: 'GET', path: PODS, query: { labelSelector: 'warden.io/agent-id=a1' } };

function quietLogger() {
  return createLogger({
    service: 'host-commands-test',
    instanceId: 't',
    level: 'fatal',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

describe('k8s-host-adapter (built process) against nats-server and a recorded Kubernetes API', () => {
  let nats: NatsServerHandle;
  let api: RecordedKubeApi;
  let adapter: ServiceProcess;
  let client: NatsClient;
  let coordinator: Messaging;
  let commandCount = 0;

  /** Sends a fenced host command as the recovery coordinator does (request/reply on host.<id>.control). */
  function command(
    action: RecoveryAction,
    fencingToken: number,
    overrides: Partial<RecoveryCommand> = {},
  ): RecoveryCommand {
    return createMessage(RecoveryCommand, {
      commandId: `cmd-${++commandCount}`,
      action,
      agentId: 'a1',
      hostId: HOST_ID,
      incarnation: CURRENT_INCARNATION,
      fencingToken,
      attempt: 1,
      timeoutMs: 10_000,
      graceMs: 15_000,
      reason: { failureId: `failure-${commandCount}`, summary: 'agent a1 convicted (test)' },
      issuedBy: 'recovery-coordinator',
      issuedAt: new Date().toISOString(),
      ...overrides,
    });
  }

  function send(recovery: RecoveryCommand): Promise<CommandReceipt> {
    return coordinator.publisher.request(
      Subjects.hostControl(HOST_ID),
      RecoveryCommand,
      recovery,
      CommandReceipt,
      {
        timeoutMs: 10_000,
      },
    );
  }

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build apps/k8s-host-adapter first`);
    // The generated accounts (k8s/nats): the adapter logs in as the hosts' identity, the test as the coordinator.
    const auth = NatsTestAuth.generate();
    nats = await startNatsServer({ auth });
    api = await RecordedKubeApi.start();
    adapter = await launchService({
      entry: ENTRY,
      name: 'k8s-host-adapter',
      env: {
        NATS_URL: nats.url,
        ...auth.clientEnv('host'),
        HOST_ID,
        KUBECONFIG: api.writeKubeconfig('agents'),
        LOG_LEVEL: 'warn',
      },
    });
    const coordinatorLogin = auth.clientEnv('recovery-coordinator');
    client = await connectNats(
      Object.assign(new NatsConnectionConfig(), { NATS_URL: nats.url, ...coordinatorLogin }),
      {
        name: 'host-commands-test',
        logger: quietLogger(),
      },
    );
    coordinator = new Messaging(client, {
      service: 'recovery-coordinator',
      logger: quietLogger(),
      metrics: new MetricsRegistry({
        service: 'host-commands-test',
        instanceId: 't',
        collectProcessMetrics: false,
      }),
    });
  });

  afterAll(async () => {
    await client?.drain();
    await adapter?.stop();
    await api?.stop();
    await nats?.dispose();
  });

  beforeEach(() => {
    api.takeCalls();
    api.answer('GET', PODS, 'pod-list');
  });

  it('restart deletes the pod (uid precondition, grace from the command) and accepts', async () => {
    api.answer('DELETE', POD_PATH, 'pod-deleted');

    const receipt = await send(command('restart', 10));

    expect(receipt).toMatchObject({ accepted: true, receivedBy: HOST_ID });
    const calls = api.takeCalls();
    expect(calls).toEqual([
      expect.objectContaining(LIST_CALL),
      expect.objectContaining({
        method: 'DELETE',
        path: POD_PATH,
        body: expect.objectContaining({ preconditions: { uid: POD_UID }, gracePeriodSeconds: 15 }),
      }),
    ]);
    expect(calls[0]!.authorization).toBe(`Bearer ${RECORDED_API_TOKEN}`);
  });

  it('refuses a stale fencing token without calling the Kubernetes API', async () => {
    const receipt = await send(command('restart', 9));

    expect(receipt).toMatchObject({ accepted: false, reason: 'stale fencing token 9 < 10' });
    expect(api.takeCalls()).toEqual([]);
  });

  it('reports a drain whose eviction a PodDisruptionBudget blocks (429) as refused with the reason', async () => {
    api.answer('PATCH', POD_PATH, 'pod-patched');
    api.answer('POST', `${POD_PATH}/eviction`, 'eviction-blocked-by-pdb', 429);

    const receipt = await send(command('drain', 11));

    expect(receipt.accepted).toBe(false);
    expect(receipt.reason).toMatch(/^disruption-budget: evict pod agent-a1-7d9f8c6b5-x2k4q: HTTP 429/);
    expect(receipt.reason).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(api.takeCalls()).toEqual([
      expect.objectContaining(LIST_CALL),
      expect.objectContaining({
        method: 'PATCH',
        path: POD_PATH,
        contentType: 'application/merge-patch+json',
        body: { metadata: { labels: { 'warden.io/draining': 'true' } } },
      }),
      expect.objectContaining({
        method: 'POST',
        path: `${POD_PATH}/eviction`,
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name: POD, namespace: 'agents' },
          deleteOptions: { preconditions: { uid: POD_UID }, gracePeriodSeconds: 15 },
        },
      }),
    ]);
  });

  it('drains with a cordon-style label and an Eviction the API creates (201), with the same token the failure did not raise', async () => {
    api.answer('PATCH', POD_PATH, 'pod-patched');
    api.answer('POST', `${POD_PATH}/eviction`, 'eviction-created', 201);

    const receipt = await send(command('drain', 11));

    expect(receipt).toMatchObject({ accepted: true });
    expect(api.takeCalls().map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET ${PODS}`,
      `PATCH ${POD_PATH}`,
      `POST ${POD_PATH}/eviction`,
    ]);
  });

  it('stop marks the pod cheapest to delete and scales its Deployment down by one (guarded JSON patch)', async () => {
    api.answer('GET', `${APPS}/replicasets/agent-a1-7d9f8c6b5`, 'replicaset');
    api.answer('GET', `${APPS}/deployments/agent-a1`, 'deployment');
    api.answer('PATCH', POD_PATH, 'pod-patched');
    api.answer('PATCH', `${APPS}/deployments/agent-a1/scale`, 'deployment-scale-patched');

    const receipt = await send(command('stop', 12));

    expect(receipt).toMatchObject({ accepted: true });
    expect(api.takeCalls()).toEqual([
      expect.objectContaining(LIST_CALL),
      expect.objectContaining({ method: 'GET', path: `${APPS}/replicasets/agent-a1-7d9f8c6b5` }),
      expect.objectContaining({ method: 'GET', path: `${APPS}/deployments/agent-a1` }),
      expect.objectContaining({
        method: 'PATCH',
        path: POD_PATH,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-2147483648' } } },
      }),
      expect.objectContaining({
        method: 'PATCH',
        path: `${APPS}/deployments/agent-a1/scale`,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/spec/replicas', value: 3 },
          { op: 'replace', path: '/spec/replicas', value: 2 },
        ],
      }),
    ]);
  });

  it('replace labels the pod for anti-affinity, then deletes it', async () => {
    api.answer('PATCH', POD_PATH, 'pod-patched');
    api.answer('DELETE', POD_PATH, 'pod-deleted');

    const receipt = await send(command('replace', 13, { graceMs: 0 }));

    expect(receipt).toMatchObject({ accepted: true });
    expect(api.takeCalls()).toEqual([
      expect.objectContaining(LIST_CALL),
      expect.objectContaining({
        method: 'PATCH',
        body: { metadata: { labels: { 'warden.io/replaced': 'true' } } },
      }),
      expect.objectContaining({
        method: 'DELETE',
        path: POD_PATH,
        body: expect.objectContaining({ preconditions: { uid: POD_UID }, gracePeriodSeconds: 0 }),
      }),
    ]);
  });

  it('reports a 403 from the API as forbidden, and a 404 as not-found', async () => {
    api.answer('DELETE', POD_PATH, 'pod-delete-forbidden', 403);
    const forbidden = await send(command('restart', 14));
    expect(forbidden.accepted).toBe(false);
    expect(forbidden.reason).toMatch(
      /^forbidden: delete pod agent-a1-7d9f8c6b5-x2k4q: HTTP 403 \(pods .* is forbidden/,
    );

    api.answer('DELETE', POD_PATH, 'pod-not-found', 404);
    const gone = await send(command('restart', 14));
    expect(gone.accepted).toBe(false);
    expect(gone.reason).toMatch(/^not-found: delete pod agent-a1-7d9f8c6b5-x2k4q: HTTP 404/);
  });

  it('refuses a command for an incarnation older than the pod’s running container, after only the lookup', async () => {
    const receipt = await send(command('restart', 15, { incarnation: Date.parse('2025-12-31T23:00:00Z') }));

    expect(receipt.accepted).toBe(false);
    expect(receipt.reason).toContain('is not the current one');
    expect(api.takeCalls()).toEqual([expect.objectContaining(LIST_CALL)]);
  });

  it('answers a retried command id with its first receipt and acts only once', async () => {
    api.answer('DELETE', POD_PATH, 'pod-deleted');
    const first = command('restart', 16);

    const receipts = [await send(first), await send(first)];

    expect(receipts[1]).toEqual(receipts[0]);
    expect(api.takeCalls().filter((call) => call.method === 'DELETE')).toHaveLength(1);
  });

  it("did all of it within the hosts' generated NATS permissions", () => {
    expect(nats.permissionViolations()).toEqual([]);
  });

  it('counts the outcomes on /metrics', async () => {
    const metrics = await (await fetch(`${adapter.baseUrl}/metrics`)).text();

    expect(metrics).toContain('warden_host_commands_total{action="drain",outcome="failed:disruption-budget"');
    expect(metrics).toContain('warden_host_commands_total{action="restart",outcome="refused"');
    expect(metrics).toContain('warden_host_commands_total{action="stop",outcome="obeyed"');
  });
});
