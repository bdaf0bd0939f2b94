import { partitionOf } from '@warden/contracts';
import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { CollectorClient, launchCollector } from './collector-harness.test-helper';
import { HeartbeatFleet } from './heartbeat-fleet.test-helper';

/** Which collector owns which partitions, read from the collectors' own lease records. */
async function partitionOwners(client: CollectorClient): Promise<Map<number, string>> {
  const { Kvm } = await import('@nats-io/kv');
  const kv = await new Kvm(client.messaging.client.connection).open('leases');
  const owners = new Map<number, string>();
  for await (const key of await kv.keys('partitions.health-collector.*')) {
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT')
      owners.set(Number(key.split('.').pop()), entry.json<{ owner: string }>().owner);
  }
  return owners;
}

describe('three health-collector replicas, one killed (real processes, real nats-server)', () => {
  let server: NatsServerHandle;
  const collectors: ServiceProcess[] = [];
  let client: CollectorClient;
  let fleet: HeartbeatFleet;

  beforeAll(async () => {
    server = await startNatsServer();
    for (const id of ['collector-a', 'collector-b', 'collector-c'])
      collectors.push(await launchCollector(server.url, id));
    client = await CollectorClient.connect(server.url);
    fleet = new HeartbeatFleet(client.messaging.publisher, 300, 500);
    fleet.start();
    await eventually(async () => client.count(await client.fleet(), 'healthy') === 300, {
      timeoutMs: 30_000,
    });
  });
  afterAll(async () => {
    fleet?.stop();
    await client?.close();
    await Promise.all(collectors.map((collector) => collector.stop()));
    await server?.dispose();
  });

  it('shares the partitions among all three replicas', async () => {
    const owners = await eventually(
      async () => {
        const current = await partitionOwners(client);
        return new Set(current.values()).size === 3 && current;
      },
      { timeoutMs: 30_000, message: 'the three replicas never all owned partitions' },
    );
    expect(owners.size).toBe(64);
  });

  it('answers queries the same whichever replica answers', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => client.fleet()));
    for (const answer of answers) {
      expect(answer.totalAgents).toBe(300);
      expect(client.count(answer, 'healthy')).toBe(300);
    }
  });

  it('keeps tracking the killed replica’s agents: no transition invented, a crash after takeover still detected', async () => {
    const owners = await partitionOwners(client);
    const victim = collectors[2];
    const orphanAgents = fleet.ids.filter((id) => owners.get(partitionOf(id)) === 'collector-c');
    expect(orphanAgents.length).toBeGreaterThan(0);
    const changesBefore = client.changes.length;

    await victim.kill();
    await eventually(
      async () => {
        const current = await partitionOwners(client);
        return current.size === 64 && [...current.values()].every((owner) => owner !== 'collector-c');
      },
      { timeoutMs: 40_000, message: 'the killed replica’s partitions were not taken over' },
    );

    const crashed = orphanAgents[0];
    fleet.crash(crashed);
    await eventually(async () => (await client.agent(crashed)).agent.state === 'unresponsive', {
      timeoutMs: 15_000,
    });

    const since = client.changes.slice(changesBefore);
    expect(since.filter((change) => change.agentId !== crashed)).toEqual([]);
    expect(since.filter((change) => change.agentId === crashed).map((change) => change.state)).toEqual([
      'unresponsive',
    ]);
    expect(client.count(await client.fleet(), 'healthy')).toBe(299);
  });
});
