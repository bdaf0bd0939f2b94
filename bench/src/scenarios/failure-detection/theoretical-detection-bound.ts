/** The φ-accrual parameters the bound depends on (the detector's defaults unless a scenario sets others). */
export interface PhiParameters {
  threshold: number;
  maxSampleSize: number;
  minStdDeviationMs: number;
  acceptableHeartbeatPauseMs: number;
}

export const DEFAULT_PHI: PhiParameters = {
  threshold: 8,
  maxSampleSize: 200,
  minStdDeviationMs: 100,
  acceptableHeartbeatPauseMs: 3_000,
};

/**
 * The earliest silence after which a φ-accrual detector with these parameters convicts, given the
 * intervals it has seen — derived here from the specification, independently of the detector's code,
 * so the bench checks the implementation instead of repeating it. Akka's model: history seeded with
 * estimate·(1 ± ¼), the last `maxSampleSize` intervals, mean μ + pause, deviation max(σ, floor);
 * φ(y) = (x + ln(1 + e^−x)) / ln 10 with x = y(1.5976 + 0.070566 y²) and y = (t − μ') / σ'. The bound is
 * μ' + y*·σ' where φ(y*) = threshold (y* ≈ 5.22 for 8), found by bisection.
 */
export function theoreticalDetectionMs(
  intervalsMs: readonly number[],
  estimateMs: number,
  phi: PhiParameters,
): number {
  const history = [estimateMs * 0.75, estimateMs * 1.25, ...intervalsMs].slice(-phi.maxSampleSize);
  const mean = history.reduce((sum, value) => sum + value, 0) / history.length;
  const variance = history.reduce((sum, value) => sum + (value - mean) ** 2, 0) / history.length;
  const deviation = Math.max(Math.sqrt(variance), phi.minStdDeviationMs);
  const phiAt = (y: number): number => {
    const x = y * (1.5976 + 0.070566 * y * y);
    return (x + Math.log1p(Math.exp(-x))) / Math.LN10;
  };
  let low = 0;
  let high = 100;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (phiAt(middle) < phi.threshold) low = middle;
    else high = middle;
  }
  return mean + phi.acceptableHeartbeatPauseMs + high * deviation;
}
