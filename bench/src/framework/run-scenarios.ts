import { evaluateGoal } from '../report/evaluate-goal';
import type { ScenarioReport } from '../report/run-report';
import { summarizeComparison } from '../report/summarize-comparison';
import type { BenchProfile } from './bench-profile';
import type { Scenario } from './scenario';

/**
 * Runs the scenarios one after another (never in parallel: they would measure each other). A scenario
 * that throws is reported as failed and the run goes on, so one broken scenario does not hide the others.
 */
export async function runScenarios(
  scenarios: readonly Scenario[],
  profile: BenchProfile,
  log: (line: string) => void,
): Promise<ScenarioReport[]> {
  const reports: ScenarioReport[] = [];
  for (const scenario of scenarios) {
    log(`${scenario.name}: ${scenario.description}`);
    const started = performance.now();
    const common = {
      name: scenario.name,
      description: scenario.description,
      baselineDescription: scenario.baseline,
    };
    try {
      const summary = summarizeComparison(await scenario.run({ profile, log }));
      reports.push({
        ...common,
        ...summary,
        status: 'completed',
        durationMs: performance.now() - started,
        ...(scenario.goal ? { goal: evaluateGoal(scenario.goal, summary) } : {}),
      });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      log(`  failed: ${failure.name}: ${failure.message}`);
      reports.push({
        ...common,
        status: 'failed',
        durationMs: performance.now() - started,
        error: { name: failure.name, message: failure.message },
      });
    }
  }
  return reports;
}
