import { binomialConfidence, poissonConfidence } from './surprise-confidence';

describe('poissonConfidence', () => {
  it('is P(X < observed) for X ~ Poisson(expected), computed by hand', () => {
    // P(X ≤ 5 | λ = 1) = e⁻¹ (1 + 1 + 1/2 + 1/6 + 1/24 + 1/120)
    expect(poissonConfidence(6, 1)).toBeCloseTo(
      Math.exp(-1) * (1 + 1 + 1 / 2 + 1 / 6 + 1 / 24 + 1 / 120),
      12,
    );
    // P(X ≤ 1 | λ = 2) = e⁻² (1 + 2)
    expect(poissonConfidence(2, 2)).toBeCloseTo(3 * Math.exp(-2), 12);
  });

  it('grows with the distance above the expected count', () => {
    expect(poissonConfidence(10, 8)).toBeLessThan(poissonConfidence(16, 8));
    expect(poissonConfidence(16, 8)).toBeLessThan(poissonConfidence(30, 8));
  });

  it('stays within [0, 1] for large counts and rates', () => {
    const value = poissonConfidence(5_000, 1_000);
    expect(value).toBeGreaterThan(0.999);
    expect(value).toBeLessThanOrEqual(1);
    expect(poissonConfidence(0, 3)).toBe(0);
  });
});

describe('binomialConfidence', () => {
  it('is P(X < affected) for X ~ Binomial(population, p), computed by hand', () => {
    // P(X ≤ 1 | n = 2, p = 0.01) = 1 − 0.01²
    expect(binomialConfidence(2, 2, 0.01)).toBeCloseTo(1 - 0.0001, 12);
    // P(X = 0 | n = 10, p = 0.1) = 0.9¹⁰
    expect(binomialConfidence(1, 10, 0.1)).toBeCloseTo(0.9 ** 10, 12);
  });

  it('is low for a share of a zone that independent failures explain', () => {
    expect(binomialConfidence(3, 200, 0.01)).toBeLessThan(0.7);
    expect(binomialConfidence(200, 200, 0.01)).toBe(1);
  });
});
