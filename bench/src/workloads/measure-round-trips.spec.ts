import { measureRoundTrips } from './measure-round-trips';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('measureRoundTrips', () => {
  it('times each round trip, one at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const repetition = await measureRoundTrips({
      roundTrips: 20,
      timeBudgetMs: 60_000,
      roundTrip: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await nextTurn();
        inFlight--;
      },
    });
    expect(repetition.latenciesMs).toHaveLength(20);
    expect(repetition.latenciesMs.every((latency) => latency >= 0)).toBe(true);
    expect(maxInFlight).toBe(1);
  });

  it('stops early when the time budget is spent, after at least one round trip', async () => {
    const slow = await measureRoundTrips({
      roundTrips: 1_000,
      timeBudgetMs: 0,
      roundTrip: nextTurn,
    });
    expect(slow.latenciesMs).toHaveLength(1);
  });

  it('passes a failed round trip on', async () => {
    await expect(
      measureRoundTrips({
        roundTrips: 5,
        timeBudgetMs: 60_000,
        roundTrip: () => Promise.reject(new Error('request timed out')),
      }),
    ).rejects.toThrow('request timed out');
  });
});
