import type { Goal } from '../framework/goal';
import { METRICS, type MetricName } from '../framework/metric';
import type { Spread } from '../statistics';
import { formatCount, formatMilliseconds, formatRatio } from './format-number';
import type {
  CompletedScenarioReport,
  FailedScenarioReport,
  GoalVerdict,
  RunReport,
  SideSummary,
} from './run-report';

const METRIC_ORDER: readonly MetricName[] = ['msgsPerSecond', 'p50Ms', 'p99Ms'];

const METRIC_HEADINGS: Readonly<Record<MetricName, string>> = {
  msgsPerSecond: 'msg/s (higher is better)',
  p50Ms: 'p50 ms (lower is better)',
  p99Ms: 'p99 ms (lower is better)',
};

function formatValue(metric: MetricName, value: number): string {
  return METRICS[metric].unit === 'ms' ? formatMilliseconds(value) : formatCount(value);
}

function formatSpread(metric: MetricName, spread: Spread): string {
  const value = (number: number): string => formatValue(metric, number);
  return `${value(spread.p10)}–${value(spread.p90)} (${value(spread.min)}–${value(spread.max)})`;
}

function formatGoalBound(goal: Goal): string {
  const sign = goal.comparison === 'atMost' ? '≤' : '≥';
  return goal.of === 'ratio'
    ? `ratio ${sign} ${formatRatio(goal.value)}`
    : `${sign} ${formatValue(goal.metric, goal.value)} ${METRICS[goal.metric].unit}`;
}

function formatVerdict(verdict: GoalVerdict): string {
  const observed =
    verdict.of === 'ratio' ? formatRatio(verdict.observed) : formatValue(verdict.metric, verdict.observed);
  return `${formatGoalBound(verdict)}: ${verdict.met ? 'met' : '**missed**'} (${observed})`;
}

function metricRows(scenario: CompletedScenarioReport): string[] {
  return METRIC_ORDER.filter((metric) => scenario.subject.metrics[metric]).map((metric) => {
    const subject = scenario.subject.metrics[metric] as Spread;
    const baseline = scenario.baseline.metrics[metric] as Spread;
    const ratio = scenario.ratios[metric];
    const goal = scenario.goal?.metric === metric ? formatVerdict(scenario.goal) : '';
    return (
      `| ${scenario.name} | ${METRIC_HEADINGS[metric]} | ${formatValue(metric, subject.median)} | ` +
      `${formatSpread(metric, subject)} | ${formatValue(metric, baseline.median)} | ` +
      `${formatSpread(metric, baseline)} | ${ratio === undefined ? '' : formatRatio(ratio)} | ${goal} |`
    );
  });
}

function describeSide(role: string, side: SideSummary, kind: string): string {
  const { min, max } = side.workPerRepetition;
  const count = min === max ? formatCount(min) : `${formatCount(min)}–${formatCount(max)}`;
  const work = `${count} ${kind === 'latency' ? 'round trips' : 'messages'}`;
  const pooled = side.pooledLatency
    ? `; all ${formatCount(side.pooledLatency.roundTrips)} round trips pooled: ` +
      `p50 ${formatMilliseconds(side.pooledLatency.p50Ms)} ms, p99 ${formatMilliseconds(side.pooledLatency.p99Ms)} ms`
    : '';
  return `- ${role}: ${side.label} — ${work} × ${side.repetitions} repetitions${pooled}`;
}

function scenarioSection(scenario: CompletedScenarioReport): string[] {
  return [
    `### ${scenario.name}`,
    '',
    scenario.description,
    '',
    describeSide('Subject', scenario.subject, scenario.kind),
    describeSide('Baseline', scenario.baseline, scenario.kind),
    `  (${scenario.baselineDescription})`,
    ...(scenario.goal ? [`- Goal: ${scenario.goal.text} — ${formatVerdict(scenario.goal)}`] : []),
    `- Took ${(scenario.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
}

function failureLine(scenario: FailedScenarioReport): string {
  return `- **${scenario.name}** failed after ${(scenario.durationMs / 1000).toFixed(1)} s: ${scenario.error.name}: ${scenario.error.message}`;
}

export function renderMarkdownReport(report: RunReport): string {
  const completed = report.scenarios.filter(
    (scenario): scenario is CompletedScenarioReport => scenario.status === 'completed',
  );
  const failed = report.scenarios.filter(
    (scenario): scenario is FailedScenarioReport => scenario.status === 'failed',
  );
  const environment = report.environment;
  return [
    `# Warden bench — ${report.mode} run`,
    '',
    `Started ${report.startedAt}, finished ${report.finishedAt}. Node ${environment.node} on ` +
      `${environment.platform}/${environment.arch}, ${environment.cpuCount} × ${environment.cpuModel}, ` +
      `nats-server ${environment.natsServerVersion}, load average at start ` +
      `${environment.loadAverageAtStart.map((load) => load.toFixed(2)).join(' / ')}.`,
    '',
    'Ratio = subject median ÷ baseline median, both measured alternately in this run. For latency a ratio ' +
      'above 1 means the subject is slower; for throughput a ratio below 1 means it carries less. ' +
      'Spread columns: p10–p90 (min–max) of the per-repetition values.',
    '',
    '| Scenario | Metric | Subject median | Subject spread | Baseline median | Baseline spread | Ratio | Goal |',
    '| --- | --- | ---: | --- | ---: | --- | ---: | --- |',
    ...completed.flatMap(metricRows),
    '',
    ...(failed.length > 0 ? ['## Failed scenarios', '', ...failed.map(failureLine), ''] : []),
    '## Scenarios',
    '',
    ...completed.flatMap(scenarioSection),
  ].join('\n');
}
