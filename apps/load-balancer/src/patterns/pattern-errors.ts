import type { TaskResult } from '@warden/contracts';

/** A pattern could not produce its outcome; `results` holds what finished before it gave up. */
export class PatternFailedError extends Error {
  constructor(
    readonly pattern: 'pipeline' | 'scatter-gather' | 'map-reduce' | 'broadcast',
    detail: string,
    readonly results: readonly TaskResult[],
  ) {
    super(`${pattern} failed: ${detail}`);
    this.name = 'PatternFailedError';
  }
}
