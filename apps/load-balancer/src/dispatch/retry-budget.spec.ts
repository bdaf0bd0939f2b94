import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  it('always allows the minimum per window', () => {
    const budget = new RetryBudget({ ratio: 0.2, minimumPerWindow: 3, windowMs: 10_000 });
    expect([1, 2, 3, 4].map(() => budget.tryRetry(0))).toEqual([true, true, true, false]);
  });

  it('allows retries up to the ratio of first attempts', () => {
    const budget = new RetryBudget({ ratio: 0.2, minimumPerWindow: 0, windowMs: 10_000 });
    for (let i = 0; i < 100; i++) budget.firstAttempt(0);
    let granted = 0;
    while (budget.tryRetry(0)) granted++;
    expect(granted).toBe(20);
  });

  it('refills as the window moves on', () => {
    const budget = new RetryBudget({ ratio: 0, minimumPerWindow: 1, windowMs: 10_000 });
    expect(budget.tryRetry(0)).toBe(true);
    expect(budget.tryRetry(5_000)).toBe(false);
    expect(budget.tryRetry(11_000)).toBe(true);
  });
});
