/**
 * φ of Hayashibara et al., with Akka's normal-distribution model: φ = −log10(1 − F(elapsed)), F the CDF
 * of N(mean, stdDev²), approximated by the logistic function 1 / (1 + e^(−y(1.5976 + 0.070566·y²))),
 * y = (elapsed − mean) / stdDev (Bowling et al. 2009, error < 1.4·10⁻⁴). Past the mean, 1 − F is written
 * as e / (1 + e), in log space, so φ keeps growing (finite) instead of saturating where 1 − F rounds to 0 — a detector whose φ
 * tops out (the seed's, capped at 16 or stuck at 10) can miss its own threshold forever.
 */
export function phiOf(elapsedMs: number, meanMs: number, stdDevMs: number): number {
  const y = (elapsedMs - meanMs) / stdDevMs;
  const exponent = -y * (LOGISTIC_LINEAR + LOGISTIC_CUBIC * y * y);
  const e = Math.exp(exponent);
  // −log10(e / (1 + e)) in log space: e underflows to 0 long before φ stops being meaningful.
  if (elapsedMs > meanMs) return (Math.log1p(e) - exponent) / Math.LN10;
  return -Math.log10(1 - 1 / (1 + e));
}

const LOGISTIC_LINEAR = 1.5976;
const LOGISTIC_CUBIC = 0.070566;

/**
 * The elapsed time at which φ reaches `phi` for this distribution: the inverse of phiOf, for the
 * theoretical detection bound (benchmarks, evidence). φ is strictly increasing in the elapsed time, so
 * bisection on y is exact to the tolerance.
 */
export function elapsedAtPhi(phi: number, meanMs: number, stdDevMs: number): number {
  return meanMs + yAtPhi(phi) * stdDevMs;
}

/**
 * The standardised distance y = (elapsed − mean) / stdDev at which φ reaches `phi`. It depends on φ
 * alone, so a detector computes it once per threshold and compares silences with mean + y·stdDev.
 */
export function yAtPhi(phi: number): number {
  let low = -40;
  let high = 40;
  while (phiOf(high, 0, 1) < phi) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = (low + high) / 2;
    if (phiOf(middle, 0, 1) < phi) low = middle;
    else high = middle;
  }
  return high;
}
