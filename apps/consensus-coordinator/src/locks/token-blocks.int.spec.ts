import { Kvm, type KV } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CorruptFencedRecordError, StaleFencingTokenError } from '@warden/messaging';
import { eventually, startNatsServer, type NatsServerHandle } from '@warden/testing';
import { TokenBlocks } from './token-blocks';

/** Enough grants to make a replica reserve its next block (it does so when half of the current one is used). */
const HALF_A_BLOCK = 50_002;

describe("TokenBlocks, fenced by the leading replica's election token (real nats-server)", () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let kv: KV;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    kv = await new Kvm(nc).create('coordination', { history: 1 });
  });

  afterAll(async () => {
    await nc.close();
    await server.dispose();
  });

  it("refuses a deposed leader's next block after the new leader reserved one: its tokens stay below the new leader's", async () => {
    const deposedErrors: Error[] = [];
    const deposed = new TokenBlocks(kv, (error) => deposedErrors.push(error), 5);
    await deposed.start();
    const currentErrors: Error[] = [];
    const current = new TokenBlocks(kv, (error) => currentErrors.push(error), 9);
    await current.start();
    const newLeadersFirst = current.issue();

    // The deposed replica, not aware yet, keeps granting and tries to reserve its next block.
    let last = 0;
    for (let i = 0; i < HALF_A_BLOCK; i++) last = deposed.issue();
    await eventually(() => deposedErrors.length > 0, { timeoutMs: 10_000 });
    expect(deposedErrors[0]).toBeInstanceOf(StaleFencingTokenError);
    expect(deposed.issue()).toBeGreaterThan(last);
    expect(deposed.issue()).toBeLessThan(newLeadersFirst);
    expect(currentErrors).toEqual([]);
  });

  it.each([
    ['a pre-fencing replica wrote over a fenced counter', { next: null }],
    ['the bare counter is not a number', { next: 'twelve' }],
    ['the fenced counter is not a number', { fencingToken: 3, state: { next: -4 } }],
  ])('refuses to start, rather than restart tokens at 1, when %s', async (_, stored) => {
    // A rolled-back replica read {fencingToken, state: {next}} as {next}, took .next as undefined and
    // wrote {"next": null}: restarting at 1 would hand out tokens every receiver refuses.
    const counterKv = await new Kvm(nc).create(`tokens-${Math.random().toString(36).slice(2, 8)}`, {
      history: 1,
    });
    await counterKv.put('lock-tokens', JSON.stringify(stored));
    const blocks = new TokenBlocks(counterKv, () => undefined, 7);
    const refusal = await blocks.start().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CorruptFencedRecordError);
    expect(refusal).toMatchObject({ resource: 'lock-tokens' });
    expect((await counterKv.get('lock-tokens'))?.json()).toEqual(stored);
  });
});
