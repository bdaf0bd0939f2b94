import { SeededRandom } from '@warden/agent-sdk';
import type { PhiAccrualSettings } from './phi-accrual-settings';

/** The detector's defaults as the φ unit tests use them (Akka's threshold 8, a 3 s acceptable pause). */
export const PHI_TEST_SETTINGS: PhiAccrualSettings = {
  threshold: 8,
  suspectThreshold: 5,
  maxSampleSize: 200,
  minStdDeviationMs: 100,
  acceptableHeartbeatPauseMs: 3_000,
  relearnAfterLateBeats: 2,
};

/** The repo's one seeded generator, as a `() => number`, so every run checks the same intervals. */
export function seededRandom(seed: number): () => number {
  return new SeededRandom(seed).source;
}
