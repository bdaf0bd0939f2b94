import type { Goal } from '../framework/goal';
import type { MetricName } from '../framework/metric';
import type { ComparisonKind } from '../framework/repetition';
import type { Spread } from '../statistics';

/** Percentiles over every round trip of every repetition of one side, beside the per-repetition spread. */
export interface PooledLatency {
  roundTrips: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SideSummary {
  label: string;
  metrics: Partial<Record<MetricName, Spread>>;
  pooledLatency?: PooledLatency;
  repetitions: number;
  /** Messages or round trips per repetition; they differ when a repetition hit its time budget. */
  workPerRepetition: { min: number; max: number };
}

export interface ComparisonSummary {
  kind: ComparisonKind;
  baseline: SideSummary;
  subject: SideSummary;
  /** subject median / baseline median, per metric. */
  ratios: Partial<Record<MetricName, number>>;
}

export interface GoalVerdict extends Goal {
  observed: number;
  met: boolean;
}

interface ScenarioReportBase {
  name: string;
  description: string;
  baselineDescription: string;
  durationMs: number;
}

export interface CompletedScenarioReport extends ScenarioReportBase, ComparisonSummary {
  status: 'completed';
  goal?: GoalVerdict;
}

export interface FailedScenarioReport extends ScenarioReportBase {
  status: 'failed';
  error: { name: string; message: string };
}

export type ScenarioReport = CompletedScenarioReport | FailedScenarioReport;

export interface EnvironmentReport {
  node: string;
  platform: string;
  arch: string;
  cpuModel: string;
  cpuCount: number;
  loadAverageAtStart: number[];
  natsServerVersion: string;
}

export interface RunReport {
  schemaVersion: 1;
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  environment: EnvironmentReport;
  scenarios: ScenarioReport[];
}
