import { MessageLimits, type PatternEvidence } from '@warden/contracts';
import type { FailureObservation } from './observations';

/** The evidence fields every pattern derives from its failures; the newest ids when there are too many. */
export function failureEvidence(
  failures: readonly FailureObservation[],
  windowMs: number,
  extra: Partial<PatternEvidence> = {},
): PatternEvidence {
  return {
    failureIds: failures.slice(-MessageLimits.idsPerEvidence).map((failure) => failure.failureId),
    failureCount: failures.length,
    windowMs,
    zones: sortedUnique(failures.map((failure) => failure.zone)),
    hostIds: sortedUnique(failures.map((failure) => failure.hostId)),
    ...extra,
  };
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The receive time of the newest item (−∞ for none). */
export function newestAt(items: Iterable<{ at: number }>): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const item of items) latest = Math.max(latest, item.at);
  return latest;
}

/** Rounds a confidence for publication: four decimals say everything a reader can use. */
export function roundConfidence(confidence: number): number {
  return Math.round(confidence * 10_000) / 10_000;
}
