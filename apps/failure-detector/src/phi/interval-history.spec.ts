import { IntervalHistory } from './interval-history';

describe('IntervalHistory', () => {
  it('computes the mean and population deviation of what it holds', () => {
    const history = new IntervalHistory(10);
    for (const interval of [900, 1_000, 1_100, 1_000]) history.add(interval);
    expect(history.mean()).toBe(1_000);
    // variance = (100² + 0 + 100² + 0) / 4 = 5000
    expect(history.stdDev()).toBeCloseTo(Math.sqrt(5_000), 10);
  });

  it('forgets the oldest interval beyond its capacity', () => {
    const history = new IntervalHistory(3);
    for (const interval of [10_000, 1_000, 1_000, 1_000]) history.add(interval);
    expect(history.size).toBe(3);
    expect(history.mean()).toBe(1_000);
    expect(history.stdDev()).toBe(0);
  });
});
