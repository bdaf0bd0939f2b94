import { EmptySampleError } from './empty-sample-error';

/**
 * The q-th quantile (0..1) of already sorted values, interpolating linearly between the two closest ranks
 * (Hyndman–Fan type 7, the default of R and NumPy), so small samples still give stable, comparable values.
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new EmptySampleError(`quantile ${q}`);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

export function sortedAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(sortedAscending(values), q);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}
