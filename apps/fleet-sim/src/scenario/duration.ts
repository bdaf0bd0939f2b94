const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART_PATTERN = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

export class InvalidDurationError extends Error {
  constructor(readonly value: unknown) {
    super(
      `${JSON.stringify(value)} is not a duration: use a number of ms or a string like "500ms", "10s", "2m30s", "1h"`,
    );
    this.name = 'InvalidDurationError';
  }
}

/** A duration in whole milliseconds from a number of ms or a string with units ("500ms", "1.5s", "2m30s"). */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new InvalidDurationError(value);
    return Math.round(value);
  }
  if (typeof value !== 'string') throw new InvalidDurationError(value);
  const text = value.trim();
  if (!DURATION_PATTERN.test(text)) throw new InvalidDurationError(value);
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART_PATTERN)) ms += Number(amount) * UNIT_MS[unit];
  return Math.round(ms);
}

export function isDuration(value: unknown): boolean {
  try {
    parseDuration(value);
    return true;
  } catch {
    return false;
  }
}

/** "1m 30s"-style text for summaries. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest ? `${minutes}m ${rest}s` : `${minutes}m`;
}
