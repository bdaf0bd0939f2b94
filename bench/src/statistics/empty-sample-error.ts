/** Thrown when a statistic is asked of no values: a benchmark that measured nothing must not report zero. */
export class EmptySampleError extends Error {
  constructor(readonly statistic: string) {
    super(`cannot compute ${statistic} of an empty sample`);
    this.name = 'EmptySampleError';
  }
}
