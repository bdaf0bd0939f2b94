import type { RunReport } from '../report/run-report';
import { writeResults, type WrittenResults } from '../report/write-results';
import type { BenchProfile } from './bench-profile';
import { describeEnvironment } from './environment';
import { runScenarios } from './run-scenarios';
import type { Scenario } from './scenario';

export interface BenchRun {
  report: RunReport;
  written: WrittenResults;
}

export async function runBench(
  scenarios: readonly Scenario[],
  profile: BenchProfile,
  outDir: string,
  log: (line: string) => void,
): Promise<BenchRun> {
  const startedAt = new Date().toISOString();
  const environment = describeEnvironment();
  const scenarioReports = await runScenarios(scenarios, profile, log);
  const report: RunReport = {
    schemaVersion: 1,
    mode: profile.mode,
    startedAt,
    finishedAt: new Date().toISOString(),
    environment,
    scenarios: scenarioReports,
  };
  return { report, written: await writeResults(report, outDir) };
}
