import { Writable } from 'node:stream';
import { Kvm } from '@nats-io/kv';
import {
  AgentHealthRecord,
  AgentRegistryKeys,
  Buckets,
  FailureDetected,
  PatternDetected,
  Streams,
  Subjects,
  createMessage,
  type FailureType,
} from '@warden/contracts';
import { Messaging, NatsConnectionConfig, assignPartitions, connectNats } from '@warden/messaging';
import { MetricsRegistry, createLogger } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { PatternDetectionEngine } from './pattern-detection-engine';
import { DEFAULT_PATTERN_SETTINGS } from './settings/pattern-settings';

const ZONE = 'zone-a';
const AGENTS = Array.from({ length: 20 }, (_, index) => ({
  agentId: `agent-${index}`,
  hostId: `host-${index % 4}`,
}));

const silent = () =>
  createLogger({
    service: 'patterns-test',
    instanceId: 'test',
    level: 'error',
    destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });

async function connectMessaging(url: string, instance: string): Promise<Messaging> {
  const config = Object.assign(new NatsConnectionConfig(), { NATS_URL: url });
  const logger = silent();
  const client = await connectNats(config, { name: instance, logger });
  const metrics = new MetricsRegistry({
    service: 'failure-detector',
    instanceId: instance,
    collectProcessMetrics: false,
  });
  return new Messaging(client, { service: 'failure-detector', logger, metrics });
}

function agentRecord(agentId: string, hostId: string, zone = ZONE): AgentHealthRecord {
  const at = new Date().toISOString();
  return createMessage(AgentHealthRecord, {
    agentId,
    hostId,
    zone,
    capabilities: ['search'],
    incarnation: 1,
    lifecycle: 'ready',
    intervalMs: 1000,
    state: 'healthy',
    stateSince: at,
    reasons: [],
    score: 1,
    load: {
      capacity: 4,
      inFlightTasks: 0,
      queueDepth: 0,
      cpuRatio: 0.1,
      memoryBytes: 1,
      latencyEwmaMs: 5,
      errorRatio: 0,
    },
    tasksCompleted: 0,
    tasksFailed: 0,
    lastSequence: 1,
    lastHeartbeatAt: at,
  });
}

function failureOf(
  agentId: string,
  hostId: string,
  failureType: FailureType = 'heartbeat-timeout',
  zone = ZONE,
): FailureDetected {
  return createMessage(FailureDetected, {
    failureId: `failure-${agentId}`,
    agentId,
    hostId,
    zone,
    incarnation: 1,
    failureType,
    severity: 'high',
    detectedBy: 'phi-detector-0',
    detectedAt: new Date().toISOString(),
    evidence: { phi: 9, phiThreshold: 8 },
    summary: 'no heartbeat',
  });
}

/** Every PatternDetected stored in the SUPERVISION stream, in order. */
async function storedPatterns(messaging: Messaging): Promise<PatternDetected[]> {
  const jsm = await messaging.client.jetstreamManager();
  const info = await jsm.streams.info(Streams.SUPERVISION.name);
  const patterns: PatternDetected[] = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq++) {
    const stored = await jsm.streams.getMessage(Streams.SUPERVISION.name, { seq });
    if (stored?.subject.startsWith('supervision.patterns.')) patterns.push(stored.json<PatternDetected>());
  }
  return patterns;
}

describe('PatternDetectionEngine against a real nats-server', () => {
  let server: NatsServerHandle;
  let test: Messaging;
  const engines: PatternDetectionEngine[] = [];
  const connections: Messaging[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    test = await connectMessaging(server.url, 'test');
    await test.provision({
      streams: [Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets.agents, Buckets.leases],
      replicas: 1,
    });
    const agents = await new Kvm(test.client.connection).open(Buckets.agents.name);
    for (const { agentId, hostId } of AGENTS)
      await agents.put(AgentRegistryKeys.of(agentId), JSON.stringify(agentRecord(agentId, hostId)));
  });

  afterAll(async () => {
    for (const engine of engines) await engine.stop();
    for (const messaging of [...connections, test]) await messaging.close();
    await server.dispose();
  });

  async function startEngine(instanceId: string): Promise<PatternDetectionEngine> {
    const messaging = await connectMessaging(server.url, instanceId);
    connections.push(messaging);
    const engine = new PatternDetectionEngine(
      messaging,
      { instanceId, patterns: { ...DEFAULT_PATTERN_SETTINGS, evaluateIntervalMs: 200 } },
      silent(),
      new MetricsRegistry({ service: 'failure-detector', instanceId, collectProcessMetrics: false }),
    );
    engines.push(engine);
    await engine.start();
    return engine;
  }

  it('publishes exactly one zone-outage pattern naming all 20 failed agents, from one of two engines', async () => {
    const [first, second] = [await startEngine('detector-1'), await startEngine('detector-2')];
    // The first engine may hold the lease until its next round sees the second and hands it over; wait
    // for the owner the assignment settles on, so no handover falls inside this test.
    const owner = assignPartitions(['detector-1', 'detector-2'], 1).get(0);
    const [owning, other] = owner === 'detector-1' ? [first, second] : [second, first];
    await eventually(() => owning.isReady() && other.isReady() && owning.isOwner() && !other.isOwner(), {
      timeoutMs: 30_000,
      message: `${owner} owns the detection`,
    });

    for (const { agentId, hostId } of AGENTS)
      await test.publisher.publishDurable(
        Subjects.failures('high', agentId),
        FailureDetected,
        failureOf(agentId, hostId),
      );

    const everyAgent = AGENTS.map(({ agentId }) => agentId).sort();
    const stored = await eventually(
      async () => {
        const patterns = await storedPatterns(test);
        const latest = patterns.at(-1);
        return latest?.patternType === 'zone-outage' && latest.affectedAgentIds.length === 20 && patterns;
      },
      { timeoutMs: 30_000, message: 'a zone-outage pattern naming all 20 agents is stored' },
    );

    expect(new Set(stored.map((pattern) => pattern.patternId)).size).toBe(1);
    const outage = stored.at(-1)!;
    expect(outage.affectedAgentIds).toEqual(everyAgent);
    expect(outage.scope).toEqual({ kind: 'zone', id: ZONE });
    expect(outage.severity).toBe('critical');
    expect(outage.evidence.failureIds).toHaveLength(20);
    expect(stored.map((pattern) => pattern.revision)).toEqual(stored.map((_, index) => index + 1));
    expect(new Set(stored.map((pattern) => pattern.detectedBy))).toEqual(new Set([owner]));

    // Every replica, owner or not, knows which pattern explains each of the agents now.
    for (const engine of [first, second])
      await eventually(() => AGENTS.every(({ agentId }) => engine.patternFor(agentId) === outage.patternId), {
        timeoutMs: 10_000,
        message: 'both engines map the agents to the pattern',
      });
  });

  it('continues the same pattern with the next revision after the owner stops', async () => {
    const [first, second] = engines;
    const [leaving, staying] = first.isOwner() ? [first, second] : [second, first];
    const before = (await storedPatterns(test)).at(-1)!;
    await leaving.stop();
    await eventually(() => staying.isOwner(), { timeoutMs: 30_000, message: 'the other engine takes over' });

    const agents = await new Kvm(test.client.connection).open(Buckets.agents.name);
    await agents.put(AgentRegistryKeys.of('agent-late'), JSON.stringify(agentRecord('agent-late', 'host-0')));
    await eventually(() => staying.isReady());
    await test.publisher.publishDurable(
      Subjects.failures('high', 'agent-late'),
      FailureDetected,
      failureOf('agent-late', 'host-0'),
    );

    const after = await eventually(
      async () => {
        const latest = (await storedPatterns(test)).at(-1);
        return latest && latest.revision > before.revision && latest;
      },
      { timeoutMs: 30_000, message: 'a new revision is stored' },
    );
    expect(after.patternId).toBe(before.patternId);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.detectedBy).not.toBe(before.detectedBy);
    expect(after.affectedAgentIds).toEqual([...before.affectedAgentIds, 'agent-late'].sort());
  });

  it('publishes a resource-exhaustion pattern of a host when several of its agents run out of resources', async () => {
    const owner = engines.find((engine) => engine.isOwner());
    expect(owner).toBeDefined();
    // Another zone of 2 hosts × 5 agents: 3 failures are neither a zone outage (50 %) nor a whole host (80 %).
    const zoneB = Array.from({ length: 10 }, (_, index) => ({
      agentId: `agent-b${index}`,
      hostId: `host-b${index % 2}`,
    }));
    const agents = await new Kvm(test.client.connection).open(Buckets.agents.name);
    for (const { agentId, hostId } of zoneB)
      await agents.put(AgentRegistryKeys.of(agentId), JSON.stringify(agentRecord(agentId, hostId, 'zone-b')));
    const exhausted = zoneB.filter(({ hostId }) => hostId === 'host-b0').slice(0, 3);
    for (const [index, { agentId, hostId }] of exhausted.entries())
      await test.publisher.publishDurable(
        Subjects.failures('high', agentId),
        FailureDetected,
        failureOf(agentId, hostId, index === 2 ? 'memory-leak' : 'resource-exhaustion', 'zone-b'),
      );

    const pattern = await eventually(
      async () => (await storedPatterns(test)).find((stored) => stored.patternType === 'resource-exhaustion'),
      { timeoutMs: 30_000, message: 'a resource-exhaustion pattern is stored' },
    );
    expect(pattern).toMatchObject({
      scope: { kind: 'host', id: 'host-b0' },
      severity: 'high',
      recommendedAction: 'drain',
      affectedAgentIds: exhausted.map(({ agentId }) => agentId).sort(),
    });
    expect(pattern.evidence.hostIds).toEqual(['host-b0']);
  });
});

describe('PatternDetectionEngine whose takeover fails half-way', () => {
  let server: NatsServerHandle;
  let messaging: Messaging;
  let engine: PatternDetectionEngine | undefined;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await engine?.stop();
    await messaging?.close();
    await server.dispose();
  });

  it('stops the owner subscription it already started when the next one fails, and takes over in a later round', async () => {
    messaging = await connectMessaging(server.url, 'detector-flaky');
    await messaging.provision({
      streams: [Streams.SUPERVISION, Streams.DLQ],
      buckets: [Buckets.agents, Buckets.leases],
      replicas: 1,
    });
    // The real subscriptions, except that the first health-state subscription fails (as a request does
    // while the connection is cut); every owner subscription started is recorded with whether it was stopped.
    const started: { subject: string; stopped: boolean }[] = [];
    let healthFailuresLeft = 1;
    const subscribeCore = messaging.subscribeCore.bind(messaging);
    messaging.subscribeCore = (async (subject, ...rest) => {
      if (subject === 'supervision.health.state.>' && healthFailuresLeft-- > 0)
        throw new Error('subscription failed');
      const subscription = await subscribeCore(subject, ...rest);
      if (subject === 'supervision.patterns.>') return subscription;
      const record = { subject, stopped: false };
      started.push(record);
      const stop = subscription.stop.bind(subscription);
      subscription.stop = () => {
        record.stopped = true;
        return stop();
      };
      return subscription;
    }) as typeof messaging.subscribeCore;

    engine = new PatternDetectionEngine(
      messaging,
      {
        instanceId: 'detector-flaky',
        patterns: { ...DEFAULT_PATTERN_SETTINGS, evaluateIntervalMs: 200 },
      },
      silent(),
      new MetricsRegistry({ service: 'failure-detector', instanceId: 'flaky', collectProcessMetrics: false }),
    );
    await engine.start();
    const owning = engine;
    await eventually(() => owning.isOwner(), { timeoutMs: 30_000, message: 'the engine takes over later' });

    // The failed takeover's failures subscription was stopped; only the second takeover's two remain.
    expect(started).toEqual([
      { subject: 'supervision.failures.>', stopped: true },
      { subject: 'supervision.failures.>', stopped: false },
      { subject: 'supervision.health.state.>', stopped: false },
    ]);
  });
});
