import type {
  RecoveryAction,
  RecoveryPlan,
  RestartType,
  Severity,
  SupervisionStrategy,
} from '@warden/contracts';

/** One process a run acts on: the agent, the host to command, and the incarnation it replaces. */
export interface RunTarget {
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
  /** Restart the incarnation that runs when its turn comes (see `SupervisedAgent.replaceCurrent`). */
  replaceCurrent?: boolean;
}

/** What happened to one attempt; the escalation's evidence chain lists these. */
export interface AttemptRecord {
  attempt: number;
  at: number;
  commandIds: string[];
  outcome: 'succeeded' | 'refused' | 'unreachable' | 'timed-out';
  detail: string;
}

export const RUN_PHASES = ['pending', 'commanding', 'awaiting'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/**
 * A recovery under way for one scope (an agent, or a group for one_for_all and rest_for_one). It lives
 * in its scope's KV record, so any replica can take it over when its owner's lease lapses.
 */
export interface RecoveryRun {
  runId: string;
  group: string;
  strategy: SupervisionStrategy;
  restartType: RestartType;
  plan: RecoveryPlan;
  /** The failure type (or pattern type) the plan was chosen for. */
  diagnosis: string;
  severity: Severity;
  failureIds: string[];
  patternId?: string;
  /** The agent whose failure started the run. */
  failed: RunTarget;
  targets: RunTarget[];
  /** The host action each attempt sends (drain-then-replace drains first, then replaces). */
  action: RecoveryAction;
  /** Attempts commanded so far; the next one is attempt + 1. */
  attempt: number;
  phase: RunPhase;
  /** The next step may not start before this (the backoff delay). */
  dueAt: number;
  /** In `awaiting`: when the attempt times out unless every target is healthy with a new incarnation. */
  deadlineAt?: number;
  /** The command ids of the attempt in flight, per agent. */
  commandIds: Record<string, string>;
  /**
   * The incarnation each target was last commanded for in the attempt in flight: a sequential restart
   * resumed by another replica skips those, and a target whose bar a joining failure raised is commanded
   * again. An attempt a join started keeps the entries of the attempt before (see `rejoined`). Absent in
   * records written before sequential restarts.
   */
  commanded?: Record<string, number>;
  /**
   * The attempt each `commanded` entry was recorded in, so that only the attempt in flight's own commands
   * make a join a new attempt (see `joinRestartsAgain`), not those it carried over. Absent in records
   * written before it was kept (and for entries of those): such an entry counts as the attempt's own.
   */
  commandedAttempt?: Record<string, number>;
  /**
   * How many of `failureIds` the attempt in flight was admitted for (intensity counted, budget taken): a
   * failure joining later that restarts an agent again is a new attempt (see `joinRestartsAgain`).
   * Absent in records written before joins were counted.
   */
  coveredFailures?: number;
  /** The agents the attempt in flight was admitted and budgeted for. */
  attemptTargets?: string[];
  /**
   * Pending because a join restarts agents again: the next attempt keeps `commanded` (and
   * `commandedAttempt`, which tells those entries apart from its own), so an agent still coming back from
   * this run is waited for rather than sent a command for an incarnation that is gone.
   */
  rejoined?: boolean;
  /** For a run of a parent group (a supervisor tree): the child group that gave up and was stopped. */
  childGroup?: string;
  /** Rounds of commands issued for the attempt in flight (a stale-token refusal or a takeover issues another). */
  commandRound: number;
  /** The revision of the write that authorised the attempt in flight: the commands' fencing token. */
  fencingToken?: number;
  owner: string;
  leaseUntil: number;
  startedAt: number;
  history: AttemptRecord[];
}

/** How many handled failure ids a scope remembers for de-duplication (redeliveries come within minutes). */
export const REMEMBERED_FAILURES = 64;

/**
 * The KV record of one supervision scope: backoff streak, handled failures, the run. (Restart intensity
 * has records of its own, `IntensityRecord`, since OTP counts it per group, not per run scope.)
 */
export interface ScopeRecord {
  consecutive: number;
  lastRestartAt?: number;
  handledFailureIds: string[];
  run?: RecoveryRun;
}

export const EMPTY_SCOPE: ScopeRecord = { consecutive: 0, handledFailureIds: [] };

/** The restarts counted against one group instance's (or, with `intensityPer: agent`, one agent's) intensity. */
export interface IntensityRecord {
  restarts: number[];
}

/** A group instance's start order as first seen (see `recordedStartOrder`). */
export interface StartOrderRecord {
  agentIds: string[];
  /** When it was last written: rewritten unchanged before the bucket's TTL could expire it (epoch ms). */
  writtenAt?: number;
}

/** The fleet-wide restart budget's record. */
export interface BudgetRecord {
  restarts: number[];
  /** When the last budget escalation was raised; one per window. */
  escalatedAt?: number;
}

/** What the coordinator did about one pattern incident (folded by patternId). */
export interface PatternRecord {
  revision: number;
  escalationId?: string;
  /** Agents a replacement was started for, so a later revision adds only the new ones. */
  replacedAgentIds: string[];
}

/** KV keys of the `recovery` bucket. */
export const RecoveryKeys = {
  agentScope: (agentId: string): string => `scope.agent.${agentId}`,
  groupScope: (group: string, scopeValue: string): string => `scope.group.${group}.${scopeValue}`,
  /** A one_for_one parent restarting one child group as a unit: one scope per child. */
  childScope: (parent: string, child: string, scopeValue: string): string =>
    `scope.child.${parent}.${child}.${scopeValue}`,
  startOrder: (group: string, scopeValue: string): string => `order.${group}.${scopeValue}`,
  scopes: 'scope.>',
  budget: 'budget.fleet',
  pattern: (patternId: string): string => `pattern.${patternId}`,
} as const;
