import { createMessage, PatternDetected } from '@warden/contracts';
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
  backoff: { kind: fixed, minMs: 100, jitter: 0 }
budget: { maxRestarts: 3, windowMs: 60000 }
`);

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recovery coordinator: a dead zone and the fleet restart budget (built service, real collector)', () => {
  let server: NatsServerHandle;
  let collector: ServiceProcess;
  let coordinator: ServiceProcess;
  let observer: RecoveryObserver;
  const hosts: TestHost[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    collector = await launchCollector(server.url);
    coordinator = await launchCoordinator(server.url, 'coordinator-1', POLICY);
    observer = await RecoveryObserver.connect(server.url);
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await observer?.close();
    await coordinator?.stop();
    await collector?.stop();
    await server?.dispose();
  });

  async function startHost(hostId: string, zone: string, agentIds: string[]): Promise<TestHost> {
    const host = await TestHost.start(server.url, hostId, zone);
    hosts.push(host);
    await host.startAgents(...agentIds);
    return host;
  }

  it('folds a zone outage into its pattern: no restart storm, one escalation', async () => {
    const zoneB = [
      await startHost('host-b1', 'zone-b', ['b-1', 'b-2', 'b-3']),
      await startHost('host-b2', 'zone-b', ['b-4', 'b-5', 'b-6']),
    ];
    await startHost('host-a1', 'zone-a', ['a-1']);
    const ids = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6'];
    await observer.registeredHealthy([...ids, 'a-1']);
    const dead = zoneB.flatMap((host) => host.host.handles);
    for (const agent of dead) agent.kill();

    const pattern = (revision: number) =>
      createMessage(PatternDetected, {
        patternId: 'zone-b-outage',
        revision,
        patternType: 'zone-outage',
        scope: { kind: 'zone', id: 'zone-b' },
        severity: 'critical',
        affectedAgentIds: ids,
        confidence: 0.95,
        evidence: {
          failureIds: ids.map((id) => `failure-${id}`),
          failureCount: 6,
          windowMs: 30_000,
          zones: ['zone-b'],
          hostIds: ['host-b1', 'host-b2'],
        },
        detectedBy: 'failure-detector-test',
        detectedAt: new Date().toISOString(),
        activeUntil: new Date(Date.now() + 120_000).toISOString(),
        summary: 'every agent of zone-b failed within 30 s',
      });
    // Tagged failures race the pattern they name; two failures arrive untagged, as before the detector saw the pattern.
    await Promise.all([
      observer.publishPattern(pattern(1)),
      ...dead.map((agent, index) =>
        observer.fail(agent, 'heartbeat-timeout', index < 4 ? 'zone-b-outage' : undefined),
      ),
    ]);
    await eventually(() => observer.ledgerOf('folded').length === 6, { timeoutMs: 20_000 });
    await observer.publishPattern(pattern(2));
    await eventually(() =>
      observer.ledger.some((entry) => entry.kind === 'policy-fired' && entry.summary.includes('revision 2')),
    );
    await settle(1_000);

    expect(zoneB.flatMap((host) => host.commands)).toEqual([]);
    const escalations = observer.escalations.filter((entry) => entry.agentIds.includes('b-1'));
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ level: 'incident', severity: 'critical' });
    expect(escalations[0].evidence.map((link) => link.ref)).toContain('zone-b-outage');
    expect(observer.handoffs.filter((handoff) => ids.includes(handoff.agentId))).toHaveLength(6);
  });

  it('past the fleet budget stops restarting and raises one critical escalation saying why', async () => {
    const ids = ['c-1', 'c-2', 'c-3', 'c-4', 'c-5'];
    const host = await startHost('host-c1', 'zone-c', ids);
    await observer.registeredHealthy(ids);
    for (const agent of host.host.handles) agent.kill();
    await Promise.all(host.host.handles.map((agent) => observer.fail(agent)));

    await eventually(() => ids.filter((id) => observer.stepsOf(id, 'suppressed').length > 0).length === 2, {
      timeoutMs: 30_000,
    });
    await eventually(() => ids.filter((id) => observer.stepsOf(id, 'succeeded').length > 0).length === 3, {
      timeoutMs: 30_000,
    });
    await settle(1_000);
    expect(host.commands.filter((entry) => entry.receipt.accepted)).toHaveLength(3);
    const budget = observer.escalations.filter((entry) =>
      entry.reason.startsWith('fleet restart budget exhausted'),
    );
    expect(budget).toHaveLength(1);
    expect(budget[0]).toMatchObject({ level: 'incident', severity: 'critical' });
    expect(budget[0].reason).toContain('3 restarts in the last 60000 ms (budget 3)');
  });
});
