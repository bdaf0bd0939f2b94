import { EmptySampleError } from './empty-sample-error';
import { median, quantile, quantileOfSorted } from './percentile';

describe('quantile', () => {
  it('interpolates linearly between the closest ranks (type 7)', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(oneToTen, 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile(oneToTen, 0.1)).toBeCloseTo(1.9, 10);
    expect(quantile(oneToTen, 0.99)).toBeCloseTo(9.91, 10);
  });

  it('returns the extremes at 0 and 1', () => {
    expect(quantile([7, 3, 9], 0)).toBe(3);
    expect(quantile([7, 3, 9], 1)).toBe(9);
  });

  it('sorts its input without changing it', () => {
    const values = [5, 1, 4, 2, 3];
    expect(quantile(values, 0.25)).toBe(2);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('gives the only value of a single-value sample for every quantile', () => {
    expect(quantile([0.42], 0.01)).toBe(0.42);
    expect(quantile([0.42], 0.99)).toBe(0.42);
  });

  it('refuses an empty sample instead of inventing a number', () => {
    expect(() => quantile([], 0.5)).toThrow(EmptySampleError);
    expect(() => quantileOfSorted([], 0.99)).toThrow('quantile 0.99');
  });

  it('refuses a quantile outside 0..1', () => {
    expect(() => quantile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantile([1, 2], Number.NaN)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value of an odd sample and the mean of the middle two of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
