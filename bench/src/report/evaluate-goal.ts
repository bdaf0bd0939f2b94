import type { Goal } from '../framework/goal';
import type { ComparisonSummary, GoalVerdict } from './run-report';

/** Thrown when a goal names a metric its scenario does not measure: a mistake in the scenario's definition. */
export class GoalMetricMissingError extends Error {
  constructor(readonly goal: Goal) {
    super(`goal "${goal.text}" needs ${goal.of} ${goal.metric}, which the scenario does not measure`);
    this.name = 'GoalMetricMissingError';
  }
}

export function evaluateGoal(goal: Goal, summary: ComparisonSummary): GoalVerdict {
  const observed =
    goal.of === 'ratio' ? summary.ratios[goal.metric] : summary.subject.metrics[goal.metric]?.median;
  if (observed === undefined) throw new GoalMetricMissingError(goal);
  const met = goal.comparison === 'atMost' ? observed <= goal.value : observed >= goal.value;
  return { ...goal, observed, met };
}
