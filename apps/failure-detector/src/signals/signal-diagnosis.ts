import type { FailureType, Severity } from '@warden/contracts';
import { ConditionEpisode } from './condition-episode';
import type { HeartbeatFigures } from './heartbeat-figures';
import { MemorySampleWindow } from './memory-trend';
import {
  dependenciesDown,
  highErrorRate,
  highLatency,
  memoryLeak,
  noProgress,
  resourceExhaustion,
  type HoldingCondition,
} from './signal-conditions';
import type { SignalRuleName, SignalRules } from './signal-rule-settings';

/** A rule that fired: the failure it diagnoses, with the evidence. */
export interface SignalFinding {
  rule: SignalRuleName;
  failureType: FailureType;
  severity: Severity;
  condition: HoldingCondition;
  /** How long the condition held before the rule fired. */
  heldMs: number;
  /** The sequence of the heartbeat that started the episode (with the incarnation, names the episode). */
  episodeSequence: number;
}

const FAILURE_TYPE_OF: Readonly<Record<SignalRuleName, FailureType>> = {
  highErrorRate: 'high-error-rate',
  highLatency: 'high-latency',
  resourceExhaustion: 'resource-exhaustion',
  memoryLeak: 'memory-leak',
  stuck: 'stuck',
  dependencyFailure: 'dependency-failure',
};

const RULE_NAMES = Object.keys(FAILURE_TYPE_OF) as SignalRuleName[];

/**
 * Diagnoses one incarnation of one agent from its heartbeat figures: each enabled rule's condition is
 * followed as an episode, and a finding comes out once per episode, when the condition has held for the
 * rule's `forMs`. A new incarnation gets a new diagnosis.
 */
export class SignalDiagnosis {
  private readonly episodes = new Map<SignalRuleName, ConditionEpisode>(
    RULE_NAMES.map((name) => [name, new ConditionEpisode()]),
  );
  private readonly memory: MemorySampleWindow;
  private finishedBefore?: number;

  constructor(private readonly rules: SignalRules) {
    this.memory = new MemorySampleWindow(rules.memoryLeak.windowMs, rules.memoryLeak.maxSamples);
  }

  observe(beat: HeartbeatFigures, at: number): SignalFinding[] {
    if (this.rules.memoryLeak.enabled && beat.memoryLimitBytes) this.memory.add(at, beat.memoryBytes);
    const findings: SignalFinding[] = [];
    for (const name of RULE_NAMES) {
      const rule = this.rules[name];
      if (!rule.enabled) continue;
      const condition = this.conditionOf(name, beat);
      const episode = this.episodes.get(name) as ConditionEpisode;
      if (!episode.observe(condition !== undefined, at, beat.sequence, rule.forMs) || !condition) continue;
      findings.push({
        rule: name,
        failureType: FAILURE_TYPE_OF[name],
        severity: rule.severity,
        condition,
        heldMs: episode.heldMs(at),
        episodeSequence: episode.startSequence,
      });
    }
    this.finishedBefore = beat.tasksCompleted + beat.tasksFailed;
    return findings;
  }

  private conditionOf(name: SignalRuleName, beat: HeartbeatFigures): HoldingCondition | undefined {
    switch (name) {
      case 'highErrorRate':
        return highErrorRate(this.rules.highErrorRate, beat);
      case 'highLatency':
        return highLatency(this.rules.highLatency, beat);
      case 'resourceExhaustion':
        return resourceExhaustion(this.rules.resourceExhaustion, beat);
      case 'memoryLeak':
        return memoryLeak(this.rules.memoryLeak, this.memory.all, beat.memoryLimitBytes);
      case 'stuck':
        return noProgress(beat, this.finishedBefore);
      case 'dependencyFailure':
        return dependenciesDown(beat);
    }
  }
}
