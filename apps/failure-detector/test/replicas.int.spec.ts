import { partitionOf } from '@warden/contracts';
import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { DetectorTestBench, launchCollector, launchDetector } from './detector-harness.test-helper';

const INTERVAL_MS = 250;

describe('two failure-detector replicas, one killed (real processes, real nats-server)', () => {
  let server: NatsServerHandle;
  let collector: ServiceProcess;
  const detectors = new Map<string, ServiceProcess>();
  let bench: DetectorTestBench;
  const ids = Array.from({ length: 120 }, (_, i) => `agent-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    server = await startNatsServer();
    collector = await launchCollector(server.url);
    for (const id of ['detector-a', 'detector-b']) detectors.set(id, await launchDetector(server.url, id));
    bench = await DetectorTestBench.connect(server.url);
    await bench.startAgents(ids, INTERVAL_MS);
  });
  afterAll(async () => {
    await bench?.close();
    await Promise.all([...detectors.values()].map((detector) => detector.stop()));
    await collector?.stop();
    await server?.dispose();
  });

  it('shares the partitions between both replicas', async () => {
    const owners = await eventually(
      async () => {
        const current = await bench.partitionOwners();
        return current.size === 64 && new Set(current.values()).size === 2 && current;
      },
      { timeoutMs: 30_000, message: 'the two replicas never both owned partitions' },
    );
    expect([...owners.values()].filter((owner) => owner === 'detector-b').length).toBeGreaterThan(0);
  });

  it('takes over the killed replica’s agents with no false failure, and still convicts a crash before and after the takeover', async () => {
    const owners = await bench.partitionOwners();
    const orphans = ids.filter((id) => owners.get(partitionOf(id)) === 'detector-b');
    expect(orphans.length).toBeGreaterThan(2);
    // Let the collector write every agent to the registry before anything dies.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    await detectors.get('detector-b')?.kill();
    // Dies while nobody watches its partition: only the registry tells the survivor it exists.
    const diedBeforeTakeover = orphans[0];
    bench.agent(diedBeforeTakeover).kill();

    await eventually(
      async () => {
        const current = await bench.partitionOwners();
        return current.size === 64 && [...current.values()].every((owner) => owner === 'detector-a');
      },
      { timeoutMs: 45_000, message: 'the killed replica’s partitions were not taken over' },
    );
    const diedAfterTakeover = orphans[1];
    bench.agent(diedAfterTakeover).kill();

    for (const victim of [diedBeforeTakeover, diedAfterTakeover]) {
      await eventually(() => bench.failuresOf(victim, 'heartbeat-timeout').length === 1, {
        timeoutMs: 20_000,
        message: `${victim} was never convicted`,
      });
      expect(bench.failuresOf(victim)[0].detectedBy).toBe('detector-a');
    }
    // Every other agent kept beating through the handover: nobody else was convicted or suspected.
    const victims = new Set([diedBeforeTakeover, diedAfterTakeover]);
    expect(bench.failures.filter((failure) => !victims.has(failure.agentId))).toEqual([]);
    expect(bench.suspicions.filter((suspicion) => !victims.has(suspicion.agentId))).toEqual([]);
  });
});
