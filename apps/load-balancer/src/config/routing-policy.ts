import type { StrategyName } from '../routing/routing-strategy';
import type { TaskTypeRouting } from '../routing/strategy-table';
import { DEFAULT_LOAD_SCORE_WEIGHTS, type LoadScoreWeights } from '../routing/weighted-load-strategy';

/** TASK_STRATEGIES (already checked against its pattern by the config class) as a table. */
export function parseTaskStrategies(text: string | undefined): Record<string, TaskTypeRouting> {
  const table: Record<string, TaskTypeRouting> = {};
  if (!text) return table;
  for (const entry of text.split(',')) {
    const [taskType, choice] = entry.split('=');
    if (choice.startsWith('preference:')) {
      table[taskType] = {
        strategy: 'preference',
        preferredAgents: choice.slice('preference:'.length).split('|'),
      };
    } else {
      table[taskType] = { strategy: choice as StrategyName };
    }
  }
  return table;
}

export function parseLoadScoreWeights(text: string | undefined): LoadScoreWeights {
  const weights = { ...DEFAULT_LOAD_SCORE_WEIGHTS };
  if (!text) return weights;
  for (const entry of text.split(',')) {
    const [factor, value] = entry.split('=');
    weights[factor as keyof LoadScoreWeights] = Number(value);
  }
  return weights;
}
