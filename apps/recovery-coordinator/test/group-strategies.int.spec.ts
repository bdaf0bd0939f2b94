import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import {
  launchCollector,
  launchCoordinator,
  policyFile,
  RecoveryObserver,
  TestHost,
} from './recovery-harness.test-helper';

const POLICY = policyFile(`
groups:
  - name: trio
    match: { agentIdPrefix: trio- }
    strategy: one_for_all
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
  - name: chain
    match: { agentIdPrefix: chain- }
    strategy: rest_for_one
    order: [chain-a, chain-b, chain-c]
    backoff: { kind: fixed, minMs: 200, jitter: 0 }
`);

describe('recovery coordinator: group strategies with two replicas (built services, real collector)', () => {
  let server: NatsServerHandle;
  let collector: ServiceProcess;
  const coordinators: ServiceProcess[] = [];
  let observer: RecoveryObserver;
  let host: TestHost;

  beforeAll(async () => {
    server = await startNatsServer();
    collector = await launchCollector(server.url);
    coordinators.push(await launchCoordinator(server.url, 'coordinator-1', POLICY));
    coordinators.push(await launchCoordinator(server.url, 'coordinator-2', POLICY));
    observer = await RecoveryObserver.connect(server.url);
    host = await TestHost.start(server.url, 'host-a', 'zone-a');
  });

  afterAll(async () => {
    await host?.stop();
    await observer?.close();
    await Promise.all(coordinators.map((coordinator) => coordinator.stop()));
    await collector?.stop();
    await server?.dispose();
  });

  it('one_for_all restarts the siblings, and two members failing together give one group decision', async () => {
    const agents = await host.startAgents('trio-1', 'trio-2', 'trio-3');
    const before = new Map(agents.map((agent) => [agent.id, agent.incarnation]));
    // The group's members are read from the collector's registry, so they must be in it first.
    await observer.registeredHealthy(['trio-1', 'trio-2', 'trio-3']);
    agents[0].kill();
    agents[1].kill();
    await Promise.all([observer.fail(agents[0]), observer.fail(agents[1])]);

    await eventually(
      () => ['trio-1', 'trio-2', 'trio-3'].every((id) => observer.stepsOf(id, 'succeeded').length === 1),
      {
        timeoutMs: 30_000,
      },
    );
    for (const id of ['trio-1', 'trio-2', 'trio-3']) {
      expect(host.agent(id).incarnation).toBeGreaterThan(before.get(id) as number);
      expect(host.accepted(id)).toHaveLength(1);
    }
    const decisions = observer.ledger.filter(
      (entry) => entry.group === 'trio' && entry.kind === 'policy-fired',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0].affectedAgentIds?.sort()).toEqual(['trio-1', 'trio-2', 'trio-3']);
    expect(observer.ledger.filter((entry) => entry.group === 'trio' && entry.kind === 'joined')).toHaveLength(
      1,
    );
  });

  it('rest_for_one restarts the failed agent and those after it in the configured order', async () => {
    const agents = await host.startAgents('chain-a', 'chain-b', 'chain-c');
    const before = new Map(agents.map((agent) => [agent.id, agent.incarnation]));
    await observer.registeredHealthy(['chain-a', 'chain-b', 'chain-c']);
    const failing = host.agent('chain-b');
    failing.kill();
    await observer.fail(failing);

    await eventually(
      () => ['chain-b', 'chain-c'].every((id) => observer.stepsOf(id, 'succeeded').length === 1),
      {
        timeoutMs: 30_000,
      },
    );
    expect(host.agent('chain-b').incarnation).toBeGreaterThan(before.get('chain-b') as number);
    expect(host.agent('chain-c').incarnation).toBeGreaterThan(before.get('chain-c') as number);
    expect(host.agent('chain-a').incarnation).toBe(before.get('chain-a'));
    expect(host.accepted('chain-a')).toHaveLength(0);
  });
});
