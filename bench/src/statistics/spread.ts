import { quantileOfSorted, sortedAscending } from './percentile';

/** How one metric varied over the repetitions of a run: its centre and how far it strayed. */
export interface Spread {
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
  /** The per-repetition values, in the order they were measured. */
  values: number[];
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = sortedAscending(values);
  return {
    median: quantileOfSorted(sorted, 0.5),
    p10: quantileOfSorted(sorted, 0.1),
    p90: quantileOfSorted(sorted, 0.9),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    values: [...values],
  };
}
