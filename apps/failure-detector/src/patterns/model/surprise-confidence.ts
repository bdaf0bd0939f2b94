/**
 * Confidence that an observation is a pattern rather than chance: one minus the probability of seeing
 * at least this much if the baseline held. Replaces the seed's constant 0.8 (spec §7 item 8) with a
 * number that grows with how far the observation is above what the fleet normally shows.
 */

/** P(X ≥ observed) for X ~ Poisson(expected), complemented: the confidence that the rate rose. */
export function poissonConfidence(observed: number, expected: number): number {
  if (observed <= 0) return 0;
  if (expected <= 0) return 1;
  // Sum P(X = k) for k < observed in log space; terms rise then fall, so no early stop is safe before the mode.
  let logTerm = -expected;
  let below = Math.exp(logTerm);
  for (let k = 1; k < observed; k++) {
    logTerm += Math.log(expected) - Math.log(k);
    below += Math.exp(logTerm);
  }
  return clamp(below);
}

/**
 * P(X ≥ affected) for X ~ Binomial(population, p), complemented: the confidence that `affected` of
 * `population` agents did not fail independently, each with the baseline probability `p`.
 */
export function binomialConfidence(affected: number, population: number, p: number): number {
  if (affected <= 0) return 0;
  const n = Math.max(population, affected);
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logCoefficient = 0;
  let below = 0;
  for (let k = 0; k < affected; k++) {
    if (k > 0) logCoefficient += Math.log(n - k + 1) - Math.log(k);
    below += Math.exp(logCoefficient + k * logP + (n - k) * logQ);
  }
  return clamp(below);
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
