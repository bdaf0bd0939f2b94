import { Kvm } from '@nats-io/kv';
import { Buckets, CommandReceipt, LockRelease, Streams, Subjects } from '@warden/contracts';
import { KvLeaseStore, RemoteHandlerError, type Messaging } from '@warden/messaging';
import { MetricsRegistry } from '@warden/telemetry';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { acquireLock, connectClient, silentLogger } from '../../test/coordination-harness.test-helper';
import { LockSnapshots } from '../locks/lock-snapshots';
import { CoordinationMetrics } from './coordination-metrics';
import { LeaderDuties } from './leader-duties';

const DEPOSED_TOKEN = 10;
const SUCCESSOR_TOKEN = 20;

/**
 * A leading replica that was deposed without noticing (its election poll has not run yet) keeps serving
 * locks from memory. Its successor's take-over fences every stored lock, so the deposed replica's next
 * snapshot write is refused: its grant is answered `stale-fencing-token` and it reports the deposition.
 */
describe('LeaderDuties of a deposed replica (real nats-server)', () => {
  let server: NatsServerHandle;
  let coordinator: Messaging;
  let client: Messaging;
  let duties: LeaderDuties;
  const deposed: string[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    coordinator = await connectClient([server.url], 'coord-a');
    await coordinator.provision({
      streams: [Streams.COORDINATION, Streams.DLQ],
      buckets: [Buckets.coordination],
      replicas: 1,
    });
    client = await connectClient([server.url], 'lock-client');
    const coordinationKv = await new Kvm(coordinator.client.connection).open(Buckets.coordination.name);
    duties = new LeaderDuties({
      messaging: coordinator,
      coordinationKv,
      leases: new KvLeaseStore(coordinationKv),
      instanceId: 'coord-a',
      sweepMs: 100,
      logger: silentLogger(),
      metrics: new CoordinationMetrics(
        new MetricsRegistry({ service: 'coord-a', instanceId: 'coord-a', collectProcessMetrics: false }),
      ),
      onDeposed: (reason) => deposed.push(reason),
    });
    await duties.start(DEPOSED_TOKEN);
  });

  afterAll(async () => {
    await duties?.stop('test over');
    await client?.close();
    await coordinator?.close();
    await server?.dispose();
  });

  it('answers stale-fencing-token instead of a grant once the successor took the locks over, and reports it', async () => {
    const held = await eventually(
      () => acquireLock(client, { lockName: 'job', holderId: 'agent-1', ttlMs: 60_000, waitMs: 0 }),
      { timeoutMs: 10_000 },
    );
    expect(held.granted).toBe(true);

    const kv = await new Kvm(client.client.connection).open(Buckets.coordination.name);
    const successor = new LockSnapshots(kv, SUCCESSOR_TOKEN);
    expect((await successor.takeOver()).get('job')?.holders).toEqual([
      expect.objectContaining({ holderId: 'agent-1' }),
    ]);

    // The deposed replica still serves from memory: agent-1 releases, agent-2 asks for the free lock.
    await client.publisher.request(
      Subjects.lockRelease('job'),
      LockRelease,
      { lockName: 'job', holderId: 'agent-1', fencingToken: held.fencingToken! },
      CommandReceipt,
      { timeoutMs: 3_000 },
    );
    const refusal = await acquireLock(client, {
      lockName: 'job',
      holderId: 'agent-2',
      ttlMs: 60_000,
      waitMs: 0,
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RemoteHandlerError);
    expect(refusal).toMatchObject({ code: 'stale-fencing-token' });
    await eventually(() => deposed.length > 0, { timeoutMs: 10_000 });

    // The successor's record is intact: agent-1 still holds job there.
    expect((await successor.takeOver()).get('job')?.holders).toEqual([
      expect.objectContaining({ holderId: 'agent-1' }),
    ]);
  });
});
