import type { Severity } from '@warden/contracts';

/** What every signal rule has: on/off, how long its condition must hold, and the severity it reports. */
export interface RuleBase {
  enabled: boolean;
  /** The condition must hold on every heartbeat for this long before the rule fires (never on one beat). */
  forMs: number;
  severity: Severity;
}

export interface HighErrorRateRule extends RuleBase {
  /** Fires above this errorRatio (the agent's failed / finished tasks over its recent window). */
  errorRatioAbove: number;
  /** Tasks the incarnation must have finished before its ratio means anything (1 of 1 failed is not a rate). */
  minFinishedTasks: number;
}

export interface HighLatencyRule extends RuleBase {
  /** The latency SLO: fires while latencyEwmaMs is above it. */
  latencyEwmaMsAbove: number;
}

export interface ResourceExhaustionRule extends RuleBase {
  cpuRatioAbove: number;
  /** memoryBytes / memoryLimitBytes above this (only for agents that report a limit). */
  memoryRatioAbove: number;
  queueDepthAbove: number;
}

export interface MemoryLeakRule extends RuleBase {
  /** Memory samples considered for the trend. */
  windowMs: number;
  /** Samples kept over the window (memory is sampled every windowMs / maxSamples, not on every beat). */
  maxSamples: number;
  minSamples: number;
  /** The samples must span at least this long before a trend is believed. */
  minSpanMs: number;
  /** Goodness of the least-squares line: below it, memory is noisy rather than rising. */
  minRSquared: number;
  /** Fires when the trend reaches the limit within this horizon. */
  horizonMs: number;
}

/** In-flight work and no task finishing for `forMs`. */
export type StuckRule = RuleBase;

/** A dependency the agent reports down (Heartbeat.dependenciesDown) on every beat for `forMs`. */
export type DependencyFailureRule = RuleBase;

export interface SignalRules {
  highErrorRate: HighErrorRateRule;
  highLatency: HighLatencyRule;
  resourceExhaustion: ResourceExhaustionRule;
  memoryLeak: MemoryLeakRule;
  stuck: StuckRule;
  dependencyFailure: DependencyFailureRule;
}

export type SignalRuleName = keyof SignalRules;
