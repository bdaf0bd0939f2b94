import type { Scenario } from './scenario';

export function selectScenarios(scenarios: readonly Scenario[], filters: readonly string[]): Scenario[] {
  if (filters.length === 0) return [...scenarios];
  const needles = filters.map((filter) => filter.toLowerCase());
  return scenarios.filter((scenario) =>
    needles.some((needle) => scenario.name.toLowerCase().includes(needle)),
  );
}
