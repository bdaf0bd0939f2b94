import 'reflect-metadata';
import { resolve } from 'node:path';
import { BenchUsageError, parseBenchArgs, USAGE, type BenchCommand } from './cli/bench-command';
import { FULL_PROFILE, QUICK_PROFILE } from './framework/bench-profile';
import { runBench } from './framework/run-bench';
import { selectScenarios } from './framework/select-scenarios';
import { renderMarkdownReport } from './report/markdown-report';
import { ALL_SCENARIOS } from './scenarios/all-scenarios';

/**
 * A scenario that failed on this run (a stall on a loaded machine, say): the report says which and why.
 * Its own code, apart from a crash (1) and bad arguments (2), so CI can tell the harness is broken from a
 * scenario that had a bad minute.
 */
const EXIT_SCENARIO_FAILED = 3;

const DEFAULT_OUT_DIR = resolve(__dirname, '..', 'results');

/** Progress goes to stderr so that stdout carries only the report. */
function logProgress(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function parseCommand(): BenchCommand | number {
  try {
    return parseBenchArgs(process.argv.slice(2), DEFAULT_OUT_DIR);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
}

async function main(): Promise<number> {
  const command = parseCommand();
  if (typeof command === 'number') return command;
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.list) {
    for (const scenario of ALL_SCENARIOS) process.stdout.write(`${scenario.name}\n`);
    return 0;
  }
  const scenarios = selectScenarios(ALL_SCENARIOS, command.filters);
  if (scenarios.length === 0) {
    process.stderr.write(`no scenario matches ${command.filters.join(', ')}; --list shows them\n`);
    return 2;
  }
  const { report, written } = await runBench(
    scenarios,
    command.quick ? QUICK_PROFILE : FULL_PROFILE,
    command.outDir,
    logProgress,
  );
  process.stdout.write(`${renderMarkdownReport(report)}\n`);
  logProgress(`results: ${written.latestMarkdown}, ${written.latestJson}, ${written.timestampedJson}`);
  return report.scenarios.some((scenario) => scenario.status === 'failed') ? EXIT_SCENARIO_FAILED : 0;
}

// Exits explicitly: a scenario that failed half-way may leave a socket or timer open, and the bench must
// still end (CI waits on it).
main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(
      `bench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
