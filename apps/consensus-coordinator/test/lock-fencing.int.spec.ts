import { Kvm } from '@nats-io/kv';
import { openFencedResources } from '@warden/agent-sdk';
import { Buckets } from '@warden/contracts';
import type { Messaging } from '@warden/messaging';
import { StaleFencingTokenError } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle, type ServiceProcess } from '@warden/testing';
import { acquireLock, connectClient, launchCoordinator, leaderOf } from './coordination-harness.test-helper';

jest.setTimeout(90_000);

/**
 * Fencing end to end: the coordinator (its own OS process) grants a lock, the holder pauses past its TTL,
 * the next holder is granted a higher token and writes, and the paused holder's late write is refused by
 * the resource it guards (agent-sdk `openFencedResources`, durable in the `fences` bucket the coordinator
 * creates, apart from its own `coordination` records so agents' permissions can be narrower).
 */
describe('a stale lock holder against a fenced resource (coordinator process, real nats-server)', () => {
  let server: NatsServerHandle;
  let coordinator: ServiceProcess;
  let client: Messaging;

  beforeAll(async () => {
    server = await startNatsServer();
    coordinator = await launchCoordinator([server.url], 'coord-fencing');
    client = await connectClient([server.url], 'fencing-test');
    await eventually(() => leaderOf(client, 'consensus-coordinator'), { timeoutMs: 15_000 });
  });

  afterAll(async () => {
    await client?.close();
    await coordinator?.stop().catch(() => undefined);
    await server?.dispose();
  });

  it("refuses the paused holder's write after the next grant, and keeps the new holder's write", async () => {
    // The resource guard lives with the resource (here, the test process); both holders write through it.
    const ledger = await openFencedResources<string>(client.client);
    const first = await eventually(
      () => acquireLock(client, { lockName: 'ledger', holderId: 'agent-a', ttlMs: 1_000, waitMs: 0 }),
      { timeoutMs: 10_000 },
    );
    expect(first.granted).toBe(true);
    const t1 = first.fencingToken!;
    await ledger.write('ledger', t1, 'entry by agent-a');

    // agent-a pauses (no renewal); agent-b queues and is granted once agent-a's TTL has lapsed.
    const second = await acquireLock(client, {
      lockName: 'ledger',
      holderId: 'agent-b',
      ttlMs: 30_000,
      waitMs: 20_000,
    });
    expect(second.granted).toBe(true);
    const t2 = second.fencingToken!;
    expect(t2).toBeGreaterThan(t1);
    await ledger.write('ledger', t2, 'entry by agent-b');

    // agent-a wakes up still believing it holds the lock and writes with t1.
    const refusal = await ledger
      .write('ledger', t1, 'late entry by agent-a')
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StaleFencingTokenError);
    expect(refusal).toMatchObject({ resource: 'ledger', token: t1, highest: t2 });
    expect(await ledger.read('ledger')).toMatchObject({ fencingToken: t2, state: 'entry by agent-b' });

    // The fence is in `fences`, not among the coordinator's lock and election records.
    const kvm = new Kvm(client.client.connection);
    const fences = await kvm.open(Buckets.fences.name);
    expect((await fences.get('fence.ledger'))?.json()).toEqual({
      fencingToken: t2,
      state: 'entry by agent-b',
    });
    const coordination = await kvm.open(Buckets.coordination.name);
    expect(await coordination.get('fence.ledger')).toBeNull();
  });
});
