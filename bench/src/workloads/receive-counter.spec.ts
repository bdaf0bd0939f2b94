import { DeliveryTimeoutError, ReceiveCounter } from './receive-counter';

describe('ReceiveCounter', () => {
  it('resolves a wait once the target count is recorded', async () => {
    const counter = new ReceiveCounter();
    const reached = counter.reach(3, 1_000);
    counter.record();
    counter.record();
    let settled = false;
    void reached.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    counter.record();
    await expect(reached).resolves.toBeUndefined();
  });

  it('resolves at once when the count is already there', async () => {
    const counter = new ReceiveCounter();
    counter.record();
    await expect(counter.reach(1, 1)).resolves.toBeUndefined();
  });

  it('rejects with the counts when the target is not reached in time', async () => {
    const counter = new ReceiveCounter();
    counter.record();
    const error = await counter.reach(5, 20).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryTimeoutError);
    expect(error).toMatchObject({ expected: 5, received: 1, timeoutMs: 20 });
  });

  it('starts again from zero after a reset', () => {
    const counter = new ReceiveCounter();
    counter.record();
    counter.reset();
    expect(counter.count).toBe(0);
  });
});
