import { DEFAULT_HEALTH_THRESHOLDS as T } from './health-thresholds';
import { healthScore, HEALTH_SCORE_WEIGHTS } from './health-score';

describe('healthScore', () => {
  it('weights sum to one', () => {
    const sum = Object.values(HEALTH_SCORE_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 10);
  });

  it('is 1 for an idle agent and 0 when every signal is at its unhealthy level', () => {
    expect(
      healthScore({ errorRatio: 0, latencyEwmaMs: 0, cpuRatio: 0, memoryRatio: 0, saturation: 0 }, T),
    ).toBe(1);
    const worst = {
      errorRatio: 0.25,
      latencyEwmaMs: 10_000,
      cpuRatio: 0.99,
      memoryRatio: 0.95,
      saturation: 5,
    };
    expect(healthScore(worst, T)).toBe(0);
  });

  it('charges each signal its weight in proportion to how close it is to unhealthy', () => {
    // errorRatio at half its unhealthy level costs half of its 0.35 weight
    const score = healthScore({ errorRatio: 0.125, latencyEwmaMs: 0, cpuRatio: 0, saturation: 0 }, T);
    expect(score).toBeCloseTo(1 - 0.35 / 2, 3);
  });

  it('never goes below 0 for signals far beyond the unhealthy level', () => {
    const score = healthScore(
      { errorRatio: 1, latencyEwmaMs: 1e9, cpuRatio: 1, memoryRatio: 5, saturation: 1e6 },
      T,
    );
    expect(score).toBe(0);
  });
});
