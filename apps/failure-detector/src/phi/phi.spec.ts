import { elapsedAtPhi, phiOf, yAtPhi } from './phi';

describe('phiOf (Akka logistic approximation of the normal CDF)', () => {
  it('is log10(2) at the mean: y = 0, e = 1, φ = −log10(1 − 1/2)', () => {
    expect(phiOf(1_000, 1_000, 100)).toBeCloseTo(Math.log10(2), 10);
  });

  it('matches hand-computed values on both sides of the mean', () => {
    // elapsed 1200, mean 1000, σ 100: y = 2, e = exp(−2·(1.5976 + 0.070566·4)) = exp(−3.759728) = 0.0232901;
    // φ = −log10(e / (1 + e)) = −log10(0.0227600) = 1.64283
    expect(phiOf(1_200, 1_000, 100)).toBeCloseTo(1.64283, 4);
    // elapsed 900: y = −1, e = exp(1.5976 + 0.070566) = exp(1.668166) = 5.30243;
    // φ = −log10(1 − 1/(1 + e)) = −log10(1 − 0.158669) = 0.075033
    expect(phiOf(900, 1_000, 100)).toBeCloseTo(0.075033, 5);
    // elapsed 4500, mean 4000, σ 100: y = 5, e = exp(−5·(1.5976 + 0.070566·25)) = exp(−16.80875) = 5.0e−8;
    // φ = 16.80875 / ln 10 + log10(1 + e) = 7.29995
    expect(phiOf(4_500, 4_000, 100)).toBeCloseTo(7.29995, 4);
    // y = 6: e = exp(−6·(1.5976 + 0.070566·36)) = exp(−24.827856) = 1.6e−11; φ = 24.827856 / ln 10 = 10.78260
    expect(phiOf(4_600, 4_000, 100)).toBeCloseTo(10.7826, 4);
  });

  it('keeps growing far past the mean instead of saturating (the seed capped it and could miss its threshold)', () => {
    const values = [5, 10, 20, 40].map((y) => phiOf(1_000 + y * 100, 1_000, 100));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    expect(Number.isFinite(values[values.length - 1])).toBe(true);
    expect(values[values.length - 1]).toBeGreaterThan(1_000);
  });

  it('inverts: elapsedAtPhi gives the elapsed time at which φ reaches a value', () => {
    const elapsed = elapsedAtPhi(8, 4_000, 100);
    // Between y = 5 (φ 7.30) and y = 6 (φ 10.78), as computed above.
    expect(elapsed).toBeGreaterThan(4_500);
    expect(elapsed).toBeLessThan(4_600);
    expect(phiOf(elapsed, 4_000, 100)).toBeCloseTo(8, 6);
  });

  it('yAtPhi is the standardised distance of a φ level, the same for every mean and deviation', () => {
    // φ = 8: y(1.5976 + 0.070566·y²) + ln(1 + e^−…) = 8·ln 10 = 18.4207 → y ≈ 5.226
    expect(yAtPhi(8)).toBeCloseTo(5.226, 3);
    expect(phiOf(1_000 + yAtPhi(5) * 250, 1_000, 250)).toBeCloseTo(5, 8);
    expect(yAtPhi(Math.log10(2))).toBeCloseTo(0, 8);
  });
});
