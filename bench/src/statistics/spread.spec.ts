import { EmptySampleError } from './empty-sample-error';
import { spreadOf } from './spread';

describe('spreadOf', () => {
  it('summarizes centre, p10/p90 and extremes, keeping the values in measurement order', () => {
    const spread = spreadOf([50, 10, 30, 20, 40]);
    expect(spread.median).toBe(30);
    expect(spread.p10).toBeCloseTo(14, 10);
    expect(spread.p90).toBeCloseTo(46, 10);
    expect(spread.min).toBe(10);
    expect(spread.max).toBe(50);
    expect(spread.values).toEqual([50, 10, 30, 20, 40]);
  });

  it('refuses an empty sample', () => {
    expect(() => spreadOf([])).toThrow(EmptySampleError);
  });
});
