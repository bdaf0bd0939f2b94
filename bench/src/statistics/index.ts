export { EmptySampleError } from './empty-sample-error';
export { median, quantile, quantileOfSorted, sortedAscending } from './percentile';
export { spreadOf } from './spread';
export type { Spread } from './spread';
