import type { Goal } from '../framework/goal';
import { evaluateGoal, GoalMetricMissingError } from './evaluate-goal';
import { summarizeComparison } from './summarize-comparison';

const summary = summarizeComparison({
  kind: 'throughput',
  baseline: { label: 'raw', repetitions: [{ messages: 300, elapsedMs: 1 }] },
  subject: { label: 'wrapped', repetitions: [{ messages: 15, elapsedMs: 1 }] },
});

function goal(overrides: Partial<Goal>): Goal {
  return {
    text: 'floor',
    metric: 'msgsPerSecond',
    of: 'subject',
    comparison: 'atLeast',
    value: 10_000,
    ...overrides,
  };
}

describe('evaluateGoal', () => {
  it("judges an absolute goal by the subject's median", () => {
    expect(evaluateGoal(goal({ value: 10_000 }), summary)).toMatchObject({ observed: 15_000, met: true });
    expect(evaluateGoal(goal({ value: 20_000 }), summary)).toMatchObject({ observed: 15_000, met: false });
  });

  it('judges a ratio goal by subject/baseline', () => {
    expect(evaluateGoal(goal({ of: 'ratio', value: 0.04 }), summary)).toMatchObject({
      observed: 0.05,
      met: true,
    });
    expect(evaluateGoal(goal({ of: 'ratio', comparison: 'atMost', value: 0.04 }), summary).met).toBe(false);
  });

  it('treats the bound itself as met', () => {
    expect(evaluateGoal(goal({ comparison: 'atMost', value: 15_000 }), summary).met).toBe(true);
  });

  it('rejects a goal on a metric the scenario does not measure', () => {
    expect(() => evaluateGoal(goal({ metric: 'p99Ms' }), summary)).toThrow(GoalMetricMissingError);
  });
});
