import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  createMessage,
  FailureDetected,
  HEARTBEAT_PARTITIONS,
  LeaderElected,
  LockAcquire,
  LockGrant,
  PatternDetected,
  RecoveryEvent,
  Subjects,
  SubjectWildcards,
  type MessageClass,
} from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import {
  ClusterNetwork,
  eventually,
  launchService,
  ManifestLauncher,
  NatsTestAuth,
  OtlpReceiver,
  RenderedManifests,
  startNatsCluster,
  WebhookReceiver,
  type LaunchedPod,
  type NatsClusterHandle,
  type ServiceProcess,
} from '@warden/testing';
import { WARDEN_SERVICES } from '../start/service-catalogue';

const ROOT = join(__dirname, '..', '..', '..');
/** k8s/overlays/prod plus a webhook receiver in the alerting config (k8s-test-overlay/kustomization.yaml). */
const OVERLAY = join(ROOT, 'tools', 'src', 'e2e', 'k8s-test-overlay');

/**
 * 30 agents, 6 hosts, 3 zones (agent-0003 on host-03 in zone-c, agent-0013 on host-01 in zone-a). A crash
 * at 6 s; all of zone-b dark from 30 s on; a second crash at 100 s, after the test has killed one replica
 * of every service and one NATS node.
 */
const SCENARIO = `
name: e2e-manifests
description: the prod manifests under a crash, a zone outage, and the loss of replicas and a NATS node
seed: 21
fleet: { agents: 30, hosts: 6, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 2s }
load: { tasksPerAgentPerSecond: 1, taskDurationMs: { mean: 20, jitterRatio: 0.2 } }
duration: 180s
faults:
  - at: 6s
    kind: crash
    target: { agents: [agent-0003] }
  - at: 30s
    kind: zone-outage
    target: { zone: zone-b }
    duration: 150s
  - at: 100s
    kind: crash
    target: { agents: [agent-0013] }
`;

interface WebhookPayload {
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string> }[];
}

const hostPort = (url: string) => new URL(url).host;

/**
 * The proof that the manifests are the deployment: the prod render's Deployments run as `replicas` OS
 * processes each, with exactly the environment the manifests give, on a 3-node JetStream cluster with the
 * generated accounts; fleet-sim connects as agents and hosts. Then the system is hurt as a cluster would be.
 */
describe('the prod manifests, launched as they say, on a 3-node NATS cluster', () => {
  const codec = new MessageCodec();
  let auth: NatsTestAuth;
  let cluster: NatsClusterHandle;
  let webhook: WebhookReceiver;
  let otlp: OtlpReceiver;
  let launcher: ManifestLauncher;
  let observer: NatsConnection;
  let fleet: ServiceProcess;
  const failures: FailureDetected[] = [];
  const patterns: PatternDetected[] = [];
  const recoveries: RecoveryEvent[] = [];
  const elected: LeaderElected[] = [];

  const record = <T extends object>(subject: string, messageClass: MessageClass<T>, into: T[]) =>
    observer.subscribe(subject, {
      callback: (error, message) => {
        if (!error) into.push(codec.decode(message, messageClass).payload);
      },
    });

  beforeAll(async () => {
    auth = NatsTestAuth.generate();
    cluster = await startNatsCluster(3, 'warden-manifests', { auth });
    webhook = await WebhookReceiver.start();
    otlp = await OtlpReceiver.start();
    const network = new ClusterNetwork()
      .expose('nats:4222', cluster.urls.map(hostPort))
      .expose('jaeger:4318', [hostPort(otlp.endpoint)])
      .expose('alert-webhook:9000', [hostPort(webhook.url('/'))]);
    // What `kubectl create secret generic nats-user-<identity> --from-literal=password=…` makes (k8s/README.md).
    const secrets = Object.fromEntries(
      auth.identities.map((identity) => [
        `nats-user-${identity}`,
        { password: auth.credentials(identity).password },
      ]),
    );
    launcher = new ManifestLauncher({
      manifests: RenderedManifests.render(OVERLAY),
      secrets,
      network,
      appRoot: ROOT,
      // docker/Dockerfile's ENV lines.
      imageEnv: (container) => ({ NODE_ENV: 'production', APP: container.name }),
      nodes: ['node-a', 'node-b', 'node-c'],
      deployments: WARDEN_SERVICES,
    });
    observer = await connect({
      servers: cluster.urls,
      name: 'manifest-e2e-observer',
      ...auth.connectOptions('operator'),
    });
    record(SubjectWildcards.failures, FailureDetected, failures);
    record(SubjectWildcards.patterns, PatternDetected, patterns);
    record(SubjectWildcards.recovery, RecoveryEvent, recoveries);
    record('coordination.election.elected.>', LeaderElected, elected);
    await observer.flush();
    await launcher.launchAll();

    const scenario = join(mkdtempSync(join(tmpdir(), 'warden-e2e-manifests-')), 'scenario.yaml');
    writeFileSync(scenario, SCENARIO);
    const roles = { HOST: 'host', AGENT: 'agent', SUBMITTER: 'task-submitter', OBSERVER: 'operator' };
    fleet = await launchService({
      entry: join(ROOT, 'apps', 'fleet-sim', 'dist', 'main.js'),
      name: 'fleet-sim',
      args: ['--scenario', scenario, '--quiet'],
      env: {
        NATS_URL: cluster.urls.join(','),
        LOG_LEVEL: 'warn',
        // Agents run outside the manifests (they are the users' workloads) but trace to the same collector.
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
        ...Object.fromEntries(
          Object.entries(roles).flatMap(([role, identity]) => {
            const { NATS_USER, NATS_PASSWORD } = auth.clientEnv(identity);
            return [
              [`FLEET_SIM_${role}_NATS_USER`, NATS_USER],
              [`FLEET_SIM_${role}_NATS_PASSWORD`, NATS_PASSWORD],
            ];
          }),
        ),
      },
      waitFor: 'none',
    });
  }, 240_000);

  afterAll(async () => {
    if (process.env.WARDEN_E2E_DUMP_OUTPUT) {
      for (const pod of launcher?.all() ?? []) console.log(`--- ${pod.name}\n${pod.process.output()}`);
      console.log(`--- fleet-sim\n${fleet?.output()}`);
    }
    await fleet?.stop();
    await observer?.close();
    await launcher?.stopAll();
    await webhook?.close();
    await otlp?.close();
    await cluster?.stop();
  });

  const ops = () => webhook.on('/ops').map((request) => request.body as WebhookPayload);
  const firingNotificationsAbout = (agentId: string) =>
    ops().filter((payload) =>
      payload.alerts.some((alert) => alert.status === 'firing' && alert.labels.agent === agentId),
    );
  const distinct = <T>(items: T[], key: (item: T) => string) => new Set(items.map(key)).size;

  it('runs every Deployment with its replica count, each pod ready on its probe path', () => {
    for (const deployment of launcher.plan()) {
      expect(deployment.replicas).toBeGreaterThanOrEqual(2);
      const pods = launcher.podsOf(deployment.name);
      expect(pods).toHaveLength(deployment.replicas);
      expect(pods.every((pod) => pod.process.running)).toBe(true);
      // Exactly the manifest's environment: stream replicas and identity come from it, not from the test.
      expect(pods[0].env).toMatchObject({ JETSTREAM_REPLICAS: '3', NATS_USER: deployment.name });
    }
  });

  it('recovers a crash once and notifies it once at the webhook', async () => {
    await eventually(
      () => recoveries.some((event) => event.agentId === 'agent-0003' && event.phase === 'succeeded'),
      { timeoutMs: 60_000, message: 'agent-0003 was never recovered' },
    );
    await eventually(() => firingNotificationsAbout('agent-0003').length > 0, {
      timeoutMs: 30_000,
      message: 'no firing notification for agent-0003 reached the webhook',
    });
    const ofAgent = failures.filter((failure) => failure.agentId === 'agent-0003');
    expect(distinct(ofAgent, (failure) => failure.failureId)).toBe(1);
    const commanded = recoveries.filter(
      (event) => event.agentId === 'agent-0003' && event.phase === 'commanded',
    );
    expect(distinct(commanded, (event) => event.commandId)).toBe(1);
    expect(firingNotificationsAbout('agent-0003')).toHaveLength(1);
  });

  it('shares the heartbeat partitions between the replicas of the partitioned services', async () => {
    for (const service of ['health-collector', 'failure-detector']) {
      const owned = await eventually(
        async () => {
          const counts = await Promise.all(launcher.podsOf(service).map((pod) => partitionsOwned(pod)));
          if (counts.some((count) => count === 0)) throw new Error(`${service} owns ${counts.join(' + ')}`);
          return counts;
        },
        { timeoutMs: 30_000, message: `the ${service} replicas never all owned partitions` },
      );
      expect(owned.reduce((sum, count) => sum + count, 0)).toBe(HEARTBEAT_PARTITIONS);
    }
  });

  it('turns the zone outage into one incident with no restart storm', async () => {
    await eventually(
      () =>
        patterns.some((pattern) => pattern.patternType === 'zone-outage' && pattern.scope.id === 'zone-b'),
      { timeoutMs: 60_000, message: 'no zone-outage pattern for zone-b' },
    );
    await eventually(
      () =>
        ops().some(
          (payload) =>
            payload.groupLabels.alertname === 'FailurePattern' && payload.groupLabels.zone === 'zone-b',
        ),
      { timeoutMs: 30_000, message: 'no zone-outage notification reached the webhook' },
    );
    const manager = launcher.podsOf('alert-manager')[0].process;
    const incidents = (await (await fetch(`${manager.baseUrl}/api/warden/incidents`)).json()) as {
      state: string;
    }[];
    expect(incidents.filter((incident) => incident.state !== 'resolved')).toHaveLength(1);
    const zoneBAgents = new Set(failures.filter((f) => f.zone === 'zone-b').map((f) => f.agentId));
    const zoneBRestarts = recoveries.filter(
      (event) => event.phase === 'commanded' && zoneBAgents.has(event.agentId),
    );
    expect(zoneBRestarts).toEqual([]);
  });

  it('loses nothing when one replica of every service and then one NATS node are killed', async () => {
    const leaderBefore = await eventually(() => elected.find((e) => e.domain === 'consensus-coordinator'), {
      timeoutMs: 30_000,
      message: 'the consensus coordinators never elected a leader',
    });
    // A lock taken before the losses, as an agent takes one; its TTL runs out while the leader is replaced.
    const agent = await connect({
      servers: cluster.urls,
      name: 'manifest-e2e-lock',
      ...auth.connectOptions('agent'),
    });
    const lockBefore = await eventually(() => acquireLock(agent, 'before-loss'), {
      timeoutMs: 15_000,
      message: 'the lock was not granted before the losses',
    });
    const victims: LaunchedPod[] = WARDEN_SERVICES.map((service) => {
      const pods = launcher.podsOf(service).filter((pod) => pod.process.running);
      // The coordinator's leader is the interesting one to lose; elsewhere the first replica.
      const leader = pods.find((pod) => pod.env.SERVICE_INSTANCE_ID === latestLeader(elected)?.leaderId);
      return service === 'consensus-coordinator' && leader ? leader : pods[0];
    });
    await Promise.all(victims.map((pod) => pod.process.kill()));
    await cluster.servers[0].kill();

    const leaderAfter = await eventually(
      () => {
        const latest = latestLeader(elected);
        return latest && latest.fencingToken > leaderBefore.fencingToken ? latest : undefined;
      },
      { timeoutMs: 60_000, message: 'no new consensus-coordinator leader with a higher fencing token' },
    );
    expect(victims.some((pod) => pod.env.SERVICE_INSTANCE_ID === leaderBefore.leaderId)).toBe(true);
    expect(leaderAfter.leaderId).not.toBe(leaderBefore.leaderId);
    // The new leader serves the lock, fenced above every token the old one handed out.
    const lockAfter = await eventually(() => acquireLock(agent, 'after-loss'), {
      timeoutMs: 30_000,
      message: 'the lock was never granted again after the coordinator leader was killed',
    });
    expect(lockAfter.fencingToken).toBeGreaterThan(lockBefore.fencingToken!);
    await agent.close();
    // The node comes back as its StatefulSet would bring it back. While it is away, nats-server up to 2.11
    // places about a third of new ephemeral consumers (KV listings, stream replays) on the offline node, where
    // they time out (nats-server#7165, fixed in 2.12): Warden retries, but slowly (docs/operations.md).
    await cluster.servers[0].restart();

    await eventually(
      () => {
        if (recoveries.some((event) => event.agentId === 'agent-0013' && event.phase === 'succeeded'))
          return true;
        // The chain so far, so a failure says which link broke.
        throw new Error(describeAgent('agent-0013', failures, recoveries));
      },
      { timeoutMs: 120_000, message: 'agent-0013, crashed after the losses, was never recovered' },
    );
    await eventually(() => firingNotificationsAbout('agent-0013').length > 0, {
      timeoutMs: 60_000,
      message: 'agent-0013 was never notified at the webhook after the losses',
    });
    // Every failure the detectors convicted was recovered (or folded into the zone incident) and alerted once.
    const ofAgent = failures.filter((failure) => failure.agentId === 'agent-0013');
    expect(distinct(ofAgent, (failure) => failure.failureId)).toBe(1);
    const commanded = recoveries.filter(
      (event) => event.agentId === 'agent-0013' && event.phase === 'commanded',
    );
    expect(distinct(commanded, (event) => event.commandId)).toBe(1);
    expect(firingNotificationsAbout('agent-0013')).toHaveLength(1);
    expect(firingNotificationsAbout('agent-0003')).toHaveLength(1);
    for (const pod of launcher.all().filter((candidate) => !victims.includes(candidate))) {
      expect({ pod: pod.name, running: pod.process.running }).toEqual({ pod: pod.name, running: true });
    }
  }, 240_000);

  it("joins the crash's causal chain, up to the webhook send, in one trace across four service processes", async () => {
    // The trace the webhook request itself carries: the alert manager's send continues the alert's trace.
    const notification = webhook
      .on('/ops')
      .find((request) =>
        (request.body as WebhookPayload).alerts.some(
          (alert) => alert.status === 'firing' && alert.labels.agent === 'agent-0003',
        ),
      );
    const traceparent = String(notification?.headers['traceparent'] ?? '');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    const traceId = traceparent.split('-')[1];
    // Conviction, decision, the host's handling of the command, the alert and its send.
    const chain = ['failure-detector', 'recovery-coordinator', 'fleet-sim', 'alert-manager'];
    const services = await eventually(
      () => {
        const seen = new Set(otlp.trace(traceId).map((span) => span.serviceName));
        if (chain.every((service) => seen.has(service))) return seen;
        throw new Error(`trace ${traceId} has spans of ${[...seen].join(', ') || 'nobody'}`);
      },
      { timeoutMs: 30_000, message: 'the webhook send is not in one trace with the whole chain' },
    );
    expect(services.size).toBeGreaterThanOrEqual(4);
  });

  it('logs no permission violation on any NATS node', () => {
    expect(cluster.permissionViolations()).toEqual([]);
  });
});

/** Takes `manifest-lock` for 3 s as `holderId`; throws unless granted (for eventually). */
async function acquireLock(agent: NatsConnection, holderId: string): Promise<LockGrant> {
  const codec = new MessageCodec();
  const request = createMessage(LockAcquire, {
    lockName: 'manifest-lock',
    holderId,
    ttlMs: 3_000,
    waitMs: 0,
  });
  const encoded = codec.encode(LockAcquire, request, { source: 'manifest-e2e' });
  const reply = await agent.request(Subjects.lockAcquire('manifest-lock'), encoded.data, {
    headers: encoded.headers,
    timeout: 3_000,
  });
  const grant = codec.decode(reply, LockGrant).payload;
  if (!grant.granted || grant.fencingToken === undefined)
    throw new Error(`not granted: ${grant.reason ?? ''}`);
  return grant;
}

function describeAgent(agentId: string, failures: FailureDetected[], recoveries: RecoveryEvent[]): string {
  const convicted = failures.filter((failure) => failure.agentId === agentId).map((f) => f.failureType);
  const phases = recoveries
    .filter((event) => event.agentId === agentId)
    .map((event) => `${event.phase} (token ${event.fencingToken}: ${event.reason.summary})`);
  return `failures [${convicted.join(', ')}], recovery phases [${phases.join(', ')}]`;
}

function latestLeader(elected: LeaderElected[]): LeaderElected | undefined {
  return elected
    .filter((event) => event.domain === 'consensus-coordinator')
    .reduce<LeaderElected | undefined>(
      (latest, event) => (!latest || event.fencingToken > latest.fencingToken ? event : latest),
      undefined,
    );
}

async function partitionsOwned(pod: LaunchedPod): Promise<number> {
  const text = await (await fetch(`${pod.process.baseUrl}/metrics`)).text();
  // Every metric carries the registry's default labels (service, instance).
  const match = /^warden_partitions_owned(?:\{[^}]*\})? (\S+)$/m.exec(text);
  return match ? Number(match[1]) : 0;
}
