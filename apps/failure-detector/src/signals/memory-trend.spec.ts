import { fitLinearTrend, MemorySampleWindow } from './memory-trend';

describe('fitLinearTrend', () => {
  it('recovers a straight line exactly', () => {
    // bytes = 1000 + 2·t over t = 0, 1000, 2000, 3000: slope 2 B/ms, r² 1, fitted value at t = 3000 is 7000.
    const trend = fitLinearTrend([0, 1_000, 2_000, 3_000].map((at) => ({ at, bytes: 1_000 + 2 * at })));
    expect(trend?.slope).toBeCloseTo(2, 10);
    expect(trend?.rSquared).toBeCloseTo(1, 10);
    expect(trend?.fittedBytesNow).toBeCloseTo(7_000, 6);
    expect(trend?.spanMs).toBe(3_000);
  });

  it('matches a hand-computed fit of noisy points', () => {
    // t = 0,1,2,3 (s) and y = 1,3,2,4: mean t 1.5, mean y 2.5; deviations t −1.5,−0.5,0.5,1.5 and
    // y −1.5,0.5,−0.5,1.5; Sxy = 2.25 − 0.25 − 0.25 + 2.25 = 4, Sxx = 5, Syy = 5;
    // slope = 4/5 = 0.8 per s = 0.0008 per ms; r² = 4² / (5·5) = 0.64; fitted at t = 3: 2.5 + 0.8·1.5 = 3.7.
    const trend = fitLinearTrend([1, 3, 2, 4].map((bytes, i) => ({ at: i * 1_000, bytes })));
    expect(trend?.slope).toBeCloseTo(0.0008, 10);
    expect(trend?.rSquared).toBeCloseTo(0.64, 10);
    expect(trend?.fittedBytesNow).toBeCloseTo(3.7, 10);
  });

  it('reports no trend for a flat series or a single time', () => {
    expect(fitLinearTrend([0, 1, 2].map((i) => ({ at: i * 1_000, bytes: 5 })))?.rSquared).toBe(0);
    expect(
      fitLinearTrend([
        { at: 0, bytes: 1 },
        { at: 0, bytes: 2 },
      ]),
    ).toBeUndefined();
  });
});

describe('MemorySampleWindow', () => {
  it('keeps evenly spaced samples within the window only', () => {
    const window = new MemorySampleWindow(10_000, 10);
    for (let at = 0; at <= 30_000; at += 100) window.add(at, at);
    const samples = window.all;
    expect(samples.length).toBeLessThanOrEqual(11);
    expect(samples[samples.length - 1].at - samples[0].at).toBeLessThanOrEqual(10_000);
    for (let i = 1; i < samples.length; i++)
      expect(samples[i].at - samples[i - 1].at).toBeGreaterThanOrEqual(1_000);
  });
});
