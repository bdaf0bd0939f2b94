import { Heartbeat, Subjects } from '@warden/contracts';
import { MessageCodec } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { heartbeat } from '../src/detection/heartbeat.test-helper';
import { DetectorTestBench, launchDetector, rulesFile, STEADY_FIGURES } from './detector-harness.test-helper';

/**
 * Short windows so each fault is diagnosed within seconds; the defaults are minutes (README). The
 * φ parameters stay Akka's except a 1 s acceptable pause, for agents beating every 250 ms.
 */
const RULES = `
heartbeatTimeout:
  acceptableHeartbeatPauseMs: 1000
signals:
  highLatency:
    latencyEwmaMsAbove: 1000
    forMs: 2000
  stuck:
    forMs: 3000
  dependencyFailure:
    forMs: 1000
  memoryLeak:
    windowMs: 20000
    minSpanMs: 4000
    minSamples: 5
    horizonMs: 600000
    forMs: 1000
`;

const INTERVAL_MS = 250;

describe('failure detector against real agents (built service as its own process, real nats-server)', () => {
  let server: NatsServerHandle;
  let detector: ServiceProcess;
  let bench: DetectorTestBench;
  const ids = Array.from({ length: 20 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
  const faulty = new Set<string>();

  beforeAll(async () => {
    server = await startNatsServer();
    detector = await launchDetector(server.url, 'detector-1', rulesFile(RULES));
    bench = await DetectorTestBench.connect(server.url);
    await bench.startAgents(ids, INTERVAL_MS);
  });
  afterAll(async () => {
    await bench?.close();
    await detector?.stop();
    await server?.dispose();
  });

  it('convicts a crashed agent of heartbeat-timeout once, suspecting it first, with the φ evidence', async () => {
    const victim = 'agent-03';
    faulty.add(victim);
    const incarnation = bench.agent(victim).incarnation;
    bench.agent(victim).kill();
    const [failure] = await eventually(
      () => bench.failuresOf(victim, 'heartbeat-timeout').length > 0 && bench.failuresOf(victim),
      {
        timeoutMs: 20_000,
        message: 'the crashed agent was never convicted',
      },
    );
    expect(failure).toMatchObject({
      agentId: victim,
      incarnation,
      failureType: 'heartbeat-timeout',
      severity: 'high',
      detectedBy: 'detector-1',
      evidence: { phiThreshold: 8 },
    });
    expect(failure.failureId).toMatch(/^failure-[0-9a-f]{40}$/);
    expect(failure.evidence.phi).toBeGreaterThanOrEqual(8);
    // Mean learned from 250 ms beats; silence past mean + pause (1 s) before φ reaches 8.
    expect(failure.evidence.intervalMeanMs).toBeGreaterThan(150);
    expect(failure.evidence.intervalMeanMs).toBeLessThan(400);
    expect(failure.evidence.silenceMs).toBeGreaterThan(1_000 + (failure.evidence.intervalMeanMs ?? 0));
    expect(failure.evidence.lastSequence).toBeGreaterThan(1);
    expect(bench.suspicions.filter((s) => s.agentId === victim).map((s) => s.phiThreshold)).toEqual([5]);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(bench.failuresOf(victim)).toHaveLength(1);
  });

  it('diagnoses a hung agent (work in flight, nothing finishing) as stuck', async () => {
    const victim = 'agent-05';
    faulty.add(victim);
    bench.agent(victim).overrideFigures({ inFlightTasks: 2, tasksCompleted: 7, tasksFailed: 0 });
    const [failure] = await eventually(
      () => bench.failuresOf(victim, 'stuck').length > 0 && bench.failuresOf(victim, 'stuck'),
      {
        timeoutMs: 20_000,
        message: 'the hung agent was never diagnosed as stuck',
      },
    );
    expect(failure.evidence.metric).toMatchObject({ metric: 'inFlightTasks', value: 2, threshold: 0 });
    expect(failure.evidence.metric?.windowMs).toBeGreaterThanOrEqual(3_000);
    expect(failure.severity).toBe('high');
  });

  it('diagnoses a slow agent (latency over the SLO) as high-latency', async () => {
    const victim = 'agent-07';
    faulty.add(victim);
    bench.agent(victim).overrideFigures({ latencyEwmaMs: 4_000 });
    const [failure] = await eventually(
      () => bench.failuresOf(victim, 'high-latency').length > 0 && bench.failuresOf(victim, 'high-latency'),
      { timeoutMs: 20_000, message: 'the slow agent was never diagnosed' },
    );
    expect(failure.evidence.metric).toMatchObject({
      metric: 'latencyEwmaMs',
      value: 4_000,
      threshold: 1_000,
    });
    expect(failure.severity).toBe('medium');
  });

  it('diagnoses memory climbing toward its limit as memory-leak', async () => {
    const victim = 'agent-09';
    faulty.add(victim);
    let memoryBytes = STEADY_FIGURES.memoryBytes;
    const leak = setInterval(() => {
      memoryBytes += 2_000_000;
      bench.agent(victim).overrideFigures({ memoryBytes });
    }, 100);
    try {
      const [failure] = await eventually(
        () => bench.failuresOf(victim, 'memory-leak').length > 0 && bench.failuresOf(victim, 'memory-leak'),
        { timeoutMs: 30_000, message: 'the leaking agent was never diagnosed' },
      );
      expect(failure.evidence.metric).toMatchObject({ metric: 'memoryBytes', threshold: 1_000_000_000 });
      expect(failure.evidence.note).toMatch(/memory rising \d+ B\/min .* reaches the 1000000000 B limit/);
    } finally {
      clearInterval(leak);
    }
  });

  it('convicts an agent whose heartbeats keep failing validation of protocol-violation, named by the subject', async () => {
    const victim = 'agent-13';
    const namedInBody = 'agent-14';
    faulty.add(victim);
    const incarnation = bench.agent(victim).incarnation;
    // The agent keeps beating validly in between, so φ has no say: only the invalid beats can convict.
    const invalid = JSON.stringify({ agentId: namedInBody, incarnation, sequence: 1, cpuRatio: 7 });
    const sending = setInterval(
      () => bench.client.connection.publish(Subjects.heartbeatOf(victim), invalid),
      INTERVAL_MS,
    );
    try {
      const [failure] = await eventually(
        () =>
          bench.failuresOf(victim, 'protocol-violation').length > 0 &&
          bench.failuresOf(victim, 'protocol-violation'),
        { timeoutMs: 20_000, message: 'the agent sending invalid heartbeats was never convicted' },
      );
      expect(failure).toMatchObject({
        agentId: victim,
        incarnation,
        failureType: 'protocol-violation',
        severity: 'high',
        detectedBy: 'detector-1',
      });
      expect(failure.evidence.note).toMatch(/^3 invalid heartbeats within 10 s; the last: /);
    } finally {
      clearInterval(sending);
    }
    expect(bench.failuresOf(namedInBody)).toEqual([]);
  });

  it('convicts the old incarnation of process-crash when an agent is restarted faster than φ can convict', async () => {
    const victim = 'agent-15';
    faulty.add(victim);
    const crashed = bench.agent(victim).incarnation;
    bench.agent(victim).kill();
    // Restarted by its own supervisor at once, under the same id (index 0 of the list: same host and zone).
    await bench.startAgents([victim], INTERVAL_MS);
    const [failure] = await eventually(
      () => bench.failuresOf(victim, 'process-crash').length > 0 && bench.failuresOf(victim, 'process-crash'),
      { timeoutMs: 20_000, message: 'the crash hidden by a quick restart was never reported' },
    );
    expect(failure).toMatchObject({ agentId: victim, incarnation: crashed, failureType: 'process-crash' });
    expect(failure.evidence.note).toContain(`replaced by incarnation ${bench.agent(victim).incarnation}`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(bench.failuresOf(victim)).toHaveLength(1);
  });

  it('diagnoses a dependency the agent reports down as dependency-failure, naming it', async () => {
    const victim = 'agent-17';
    faulty.add(victim);
    bench.agent(victim).reportDependency('postgres', 'down');
    const [failure] = await eventually(
      () =>
        bench.failuresOf(victim, 'dependency-failure').length > 0 &&
        bench.failuresOf(victim, 'dependency-failure'),
      { timeoutMs: 20_000, message: 'the agent with a dependency down was never diagnosed' },
    );
    expect(failure).toMatchObject({ agentId: victim, failureType: 'dependency-failure', severity: 'high' });
    expect(failure.evidence.note).toBe('dependencies reported down: postgres');
    expect(failure.evidence.metric).toBeUndefined();
  });

  it('never convicts an agent that stops gracefully', async () => {
    const leaver = 'agent-11';
    faulty.add(leaver);
    await bench.agent(leaver).stop({ graceMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(bench.failuresOf(leaver)).toEqual([]);
  });

  it('convicted nobody else, and kept running', () => {
    expect(bench.failures.filter((failure) => !faulty.has(failure.agentId))).toEqual([]);
    expect(bench.suspicions.filter((suspicion) => !faulty.has(suspicion.agentId))).toEqual([]);
    expect(detector.running).toBe(true);
  });

  it('serves its own metrics: convictions by type, and no false positive', async () => {
    const metrics = await (await fetch(`${detector.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /warden_failure_convictions_total\{[^}]*failure_type="heartbeat-timeout"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/warden_failure_convictions_total\{[^}]*failure_type="stuck"[^}]*\} 1/);
    expect(metrics).toMatch(
      /warden_failure_convictions_total\{[^}]*failure_type="protocol-violation"[^}]*\} 1/,
    );
    expect(metrics).toMatch(/warden_failure_convictions_total\{[^}]*failure_type="process-crash"[^}]*\} 1/);
    expect(metrics).not.toMatch(/warden_failure_false_positives_total\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/warden_partitions_owned\{[^}]*\} 64/);
  });
});

describe('failure detector re-learning a slower heartbeat within one incarnation (built service, real nats-server)', () => {
  let server: NatsServerHandle;
  let detector: ServiceProcess;
  let bench: DetectorTestBench;

  beforeAll(async () => {
    server = await startNatsServer();
    detector = await launchDetector(server.url, 'detector-1', rulesFile(RULES));
    bench = await DetectorTestBench.connect(server.url);
  });
  afterAll(async () => {
    await bench?.close();
    await detector?.stop();
    await server?.dispose();
  });

  it('follows an agent that beats slower within one incarnation: convicted on at most two late beats, then never', async () => {
    const slow = 'agent-slowing';
    const codec = new MessageCodec();
    let sequence = 0;
    const beat = async (afterMs: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      // It keeps announcing 250 ms: the slowdown is not announced, only seen.
      const encoded = codec.encode(
        Heartbeat,
        heartbeat({ agentId: slow, sequence: ++sequence, intervalMs: INTERVAL_MS }),
        {
          source: slow,
        },
      );
      bench.client.connection.publish(Subjects.heartbeatOf(slow), encoded.data, { headers: encoded.headers });
    };
    for (let i = 0; i < 20; i++) await beat(INTERVAL_MS);
    const lastFast = sequence;
    for (let i = 0; i < 8; i++) await beat(2_000);
    const lastBeat = sequence;
    // The agent stops: its final silence, at the new rhythm, is still convicted.
    await eventually(
      () =>
        bench
          .failuresOf(slow, 'heartbeat-timeout')
          .some((failure) => failure.evidence.lastSequence === lastBeat),
      { timeoutMs: 20_000, message: 'the slowed agent was not convicted once it stopped' },
    );
    const convictedAfter = bench
      .failuresOf(slow, 'heartbeat-timeout')
      .map((failure) => failure.evidence.lastSequence ?? -1)
      .filter((lastSequence) => lastSequence !== lastBeat);
    // relearnAfterLateBeats (2) late intervals may each be convicted; every later slow beat is learned.
    expect(
      convictedAfter.every((lastSequence) => lastSequence === lastFast || lastSequence === lastFast + 1),
    ).toBe(true);
    expect(convictedAfter.length).toBeLessThanOrEqual(2);
  });
});
