import { FleetRestartBudget } from './fleet-restart-budget';

describe('FleetRestartBudget', () => {
  const budget = new FleetRestartBudget({ maxRestarts: 3, windowMs: 60_000 });

  it('grants restarts up to the budget within the window, then refuses', () => {
    let history: number[] = [];
    const granted = [0, 1, 2, 3].map((second) => {
      const verdict = budget.take(history, second * 1_000);
      history = verdict.history;
      return verdict.granted;
    });
    expect(granted).toEqual([true, true, true, false]);
  });

  it('turns 500 restart requests of a dead zone into at most the budget', () => {
    let history: number[] = [];
    let granted = 0;
    for (let agent = 0; agent < 500; agent++) {
      const verdict = budget.take(history, 10_000 + agent);
      history = verdict.history;
      if (verdict.granted) granted++;
    }
    expect(granted).toBe(3);
  });

  it('takes a group restart whole or not at all', () => {
    expect(budget.take([0], 1_000, 3)).toEqual({ granted: false, history: [0], used: 1 });
    expect(budget.take([0], 1_000, 2)).toEqual({ granted: true, history: [0, 1_000, 1_000] });
  });

  it('has room again when the oldest restart leaves the window', () => {
    const history = [5_000, 6_000, 7_000];
    expect(budget.take(history, 64_999).granted).toBe(false);
    expect(budget.refillsAt(history, 64_999)).toBe(65_000);
    expect(budget.take(history, 65_000).granted).toBe(true);
  });

  it('gives back restarts that were taken but never commanded, and only those', () => {
    const taken = budget.take([1_000], 2_000, 2);
    expect(taken.granted).toBe(true);
    expect(budget.refund(taken.history, 2_000, 2)).toEqual([1_000]);
    expect(budget.refund([1_000, 2_000], 3_000)).toEqual([1_000, 2_000]);
  });
});
