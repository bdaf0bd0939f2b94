import type {
  FailureType,
  PatternType,
  RecoveryPlan,
  RestartType,
  SupervisionStrategy,
} from '@warden/contracts';

export const BACKOFF_KINDS = ['fixed', 'linear', 'exponential'] as const;
export type BackoffKind = (typeof BACKOFF_KINDS)[number];

/**
 * The delay before the n-th consecutive restart of a scope (n = 1, 2, …):
 * fixed `minMs`; linear `minMs + stepMs × (n − 1)`; exponential `minMs × factor^(n − 1)`; each capped at
 * `maxMs`, then spread by ±`jitter` (a ratio) and capped again. The first restart always waits `minMs`:
 * no attempt-numbering off-by-one (the seed's formulas disagreed on it). The count starts over once the
 * scope has run `resetAfterMs` without a restart — a period of its own, not tied to `minMs` (Akka's bug).
 */
export interface BackoffPolicy {
  kind: BackoffKind;
  minMs: number;
  maxMs: number;
  stepMs: number;
  factor: number;
  jitter: number;
  resetAfterMs: number;
}

/** Which agents are the siblings of a failed agent: the whole group, or the group's agents on its zone or host. */
export const GROUP_SCOPES = ['fleet', 'zone', 'host'] as const;
export type GroupScope = (typeof GROUP_SCOPES)[number];

/**
 * Which agents a group holds. Every field given must match; none given matches every agent. Agents
 * carry no free-form labels on the wire, so an id prefix (a naming convention such as `indexer-`) or an
 * explicit id list plays that part, beside the capabilities agents announce.
 */
export interface GroupMatch {
  capability?: string;
  agentIdPrefix?: string;
  agentIds?: string[];
}

/** What intensity counts: every restart in the group's scope (OTP's supervisor), or each agent's alone. */
export const INTENSITY_COUNTS = ['group', 'agent'] as const;
export type IntensityCount = (typeof INTENSITY_COUNTS)[number];

/**
 * What exceeding intensity does: OTP's `stop` (the group's agents are stopped, then the group fails to its
 * parent, or escalates to people at the root), or `escalate` alone (the agents are left as they are).
 */
export const INTENSITY_OUTCOMES = ['stop', 'escalate'] as const;
export type IntensityOutcome = (typeof INTENSITY_OUTCOMES)[number];

/**
 * How a group restart commands its agents: `sequential` in start order, each only after the one before
 * is healthy again (OTP), or `parallel`, all at once, for children the operator declares independent.
 */
export const RESTART_ORDERS = ['sequential', 'parallel'] as const;
export type RestartOrder = (typeof RESTART_ORDERS)[number];

export interface GroupPolicy {
  /** An id token; `fleet` is reserved for fleet-wide decisions. */
  name: string;
  match: GroupMatch;
  scope: GroupScope;
  strategy: SupervisionStrategy;
  restart: RestartType;
  /**
   * OTP: more than `intensity` restarts within `periodMs` (a restart exactly `periodMs` ago still counts)
   * and the group gives up: `onIntensityExceeded` says what follows.
   */
  intensity: number;
  periodMs: number;
  intensityPer: IntensityCount;
  onIntensityExceeded: IntensityOutcome;
  restartOrder: RestartOrder;
  /**
   * The supervising group (OTP's supervisor tree): when this group gives up, its agents are stopped and it
   * becomes one failure of the parent, which applies its own strategy and intensity. None: the root, whose
   * giving up escalates to people.
   */
  parent?: string;
  backoff: BackoffPolicy;
  /**
   * Start order for rest_for_one (agents listed first start first). Agents not listed follow in the
   * order they started, which their incarnation gives (the SDK's incarnation is its start time).
   */
  order: string[];
}

/** How commands are carried out and judged. */
export interface ExecutionPolicy {
  /** One request to `host.<hostId>.control`. */
  commandTimeoutMs: number;
  /** Requests per command (same command id, so the host obeys once) before the host counts as unreachable. */
  commandAttempts: number;
  commandRetryDelayMs: number;
  /** After a command is taken on, the agent must be reported healthy with a new incarnation within this. */
  healthyDeadlineMs: number;
  /** Attempts per recovery run; after the last one fails the run escalates. */
  maxAttempts: number;
  /** drain-then-replace: how long the drain may take before the replacement starts anyway. */
  drainGraceMs: number;
  /** drain-and-quarantine: how long the agent stays out of routing. */
  quarantineMs: number;
  /** A run's owner renews its lease this often ÷ 3; another replica takes the run over once it lapses. */
  runLeaseMs: number;
}

/** The fleet-wide restart budget: restarts (and replacements) of every group together, per sliding window. */
export interface BudgetPolicy {
  maxRestarts: number;
  windowMs: number;
}

/** Replacements elsewhere for a dead host or zone, bounded by what other hosts can take. */
export interface ReplacementPolicy {
  /** Replacements one healthy host may receive per pattern; 0 turns replacements off (escalation only). */
  maxPerHost: number;
}

export interface RecoveryPolicy {
  /** Tried in order; the first group whose match fits an agent is its group. */
  groups: GroupPolicy[];
  /** The group of agents no configured group matches. */
  defaultGroup: GroupPolicy;
  failureActions: Record<FailureType, RecoveryPlan>;
  patternActions: Record<PatternType, RecoveryPlan>;
  budget: BudgetPolicy;
  execution: ExecutionPolicy;
  replacement: ReplacementPolicy;
}
