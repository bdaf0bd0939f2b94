import { driveThroughput } from './drive-throughput';
import { DeliveryTimeoutError, ReceiveCounter } from './receive-counter';

/** Delivers each sent message on a later turn of the event loop, as a real subscription would. */
function asynchronousChannel(received: ReceiveCounter, dropEvery = 0) {
  let sent = 0;
  let maxInFlight = 0;
  return {
    send: () => {
      sent++;
      maxInFlight = Math.max(maxInFlight, sent - received.count);
      if (dropEvery > 0 && sent % dropEvery === 0) return;
      setImmediate(() => received.record());
    },
    maxInFlight: () => maxInFlight,
  };
}

describe('driveThroughput', () => {
  it('delivers every message without ever exceeding the window', async () => {
    const received = new ReceiveCounter();
    const channel = asynchronousChannel(received);
    const repetition = await driveThroughput({
      messages: 1_000,
      timeBudgetMs: 60_000,
      window: 100,
      send: channel.send,
      received,
      stallTimeoutMs: 5_000,
    });
    expect(repetition.messages).toBe(1_000);
    expect(repetition.elapsedMs).toBeGreaterThan(0);
    expect(received.count).toBe(1_000);
    expect(channel.maxInFlight()).toBeLessThanOrEqual(100);
  });

  it('waits for returned acknowledgements before sending past the window', async () => {
    const received = new ReceiveCounter();
    let unacknowledged = 0;
    let maxUnacknowledged = 0;
    await driveThroughput({
      messages: 500,
      timeBudgetMs: 60_000,
      window: 50,
      send: () => {
        unacknowledged++;
        maxUnacknowledged = Math.max(maxUnacknowledged, unacknowledged);
        received.record();
        return new Promise<void>((resolve) =>
          setImmediate(() => {
            unacknowledged--;
            resolve();
          }),
        );
      },
      received,
      stallTimeoutMs: 5_000,
    });
    expect(maxUnacknowledged).toBeLessThanOrEqual(50);
    expect(unacknowledged).toBe(0);
  });

  it('fails with the delivery count when messages are lost', async () => {
    const received = new ReceiveCounter();
    const channel = asynchronousChannel(received, 10);
    const run = driveThroughput({
      messages: 100,
      timeBudgetMs: 60_000,
      window: 1_000,
      send: channel.send,
      received,
      stallTimeoutMs: 50,
    });
    await expect(run).rejects.toThrow(DeliveryTimeoutError);
    await expect(run).rejects.toMatchObject({ expected: 100, received: 90 });
  });

  it('stops sending when the time budget is spent and rates only what it sent', async () => {
    const received = new ReceiveCounter();
    const channel = asynchronousChannel(received);
    const repetition = await driveThroughput({
      messages: 1_000_000_000,
      timeBudgetMs: 30,
      window: 100,
      send: channel.send,
      received,
      stallTimeoutMs: 5_000,
    });
    expect(repetition.messages).toBeLessThan(1_000_000_000);
    expect(repetition.messages).toBe(received.count);
    expect(repetition.elapsedMs).toBeGreaterThanOrEqual(30);
  });
});
