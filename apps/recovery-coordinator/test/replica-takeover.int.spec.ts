import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import {
  launchCollector,
  launchCoordinator,
  policyFile,
  RecoveryObserver,
  TestHost,
} from './recovery-harness.test-helper';

const POLICY = policyFile(`
default:
  backoff: { kind: fixed, minMs: 0, jitter: 0 }
execution:
  runLeaseMs: 3000
  healthyDeadlineMs: 30000
`);

describe('recovery coordinator: a replica killed mid-recovery (built services, real collector)', () => {
  let server: NatsServerHandle;
  let collector: ServiceProcess;
  const coordinators = new Map<string, ServiceProcess>();
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    server = await startNatsServer();
    collector = await launchCollector(server.url);
    for (const id of ['coordinator-1', 'coordinator-2'])
      coordinators.set(id, await launchCoordinator(server.url, id, POLICY));
    observer = await RecoveryObserver.connect(server.url);
    // The host takes 6 s to bring the new incarnation up: the owning replica dies while it waits.
    host = await TestHost.start(server.url, 'host-a', 'zone-a', 6_000);
  });

  afterAll(async () => {
    await host?.stop();
    await observer?.close();
    await Promise.all([...coordinators.values()].map((coordinator) => coordinator.stop()));
    await collector?.stop();
    await server?.dispose();
  });

  it('the surviving replica takes the run over and the recovery completes once', async () => {
    const [agent] = await host.startAgents('worker-1');
    await observer.registeredHealthy(['worker-1']);
    agent.kill();
    await observer.fail(agent);

    const commanded = await eventually(() => observer.ledgerOf('commanded', 'worker-1')[0], {
      timeoutMs: 20_000,
    });
    const owner = coordinators.get(commanded.decidedBy);
    if (!owner) throw new Error(`no coordinator ${commanded.decidedBy}`);
    await owner.kill();

    const history = await eventually(
      async () => {
        const reply = await observer.history({ agentId: 'worker-1' });
        return reply.entries.some((entry) => entry.kind === 'succeeded') && reply;
      },
      { timeoutMs: 40_000 },
    );
    const succeeded = history.entries.filter((entry) => entry.kind === 'succeeded');
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0].decidedBy).not.toBe(commanded.decidedBy);
    expect(host.starts.get('worker-1')).toHaveLength(2);
    expect(host.agent('worker-1').lifecycle).toBe('ready');
    expect(history.entries.filter((entry) => entry.kind === 'policy-fired')).toHaveLength(1);
  });
});
