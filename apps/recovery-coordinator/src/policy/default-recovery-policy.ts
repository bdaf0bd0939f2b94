import type { FailureType, PatternType, RecoveryPlan } from '@warden/contracts';
import type { GroupPolicy, RecoveryPolicy } from './recovery-policy';

/**
 * OTP's strategy and restart type, the seed's "exponential backoff" preset's budget (5 restarts per 60 s)
 * with Akka-style jittered backoff from 200 ms to 30 s that starts over after 5 minutes without a restart.
 * The catch-all holds every agent no group claims — unrelated agents, not the children of one supervisor —
 * so it counts intensity per agent: counted as one group, six crashes of unrelated agents anywhere in the
 * fleet within a minute would stop the whole unmatched fleet. Named groups count per group (OTP's rule).
 */
export const DEFAULT_GROUP: GroupPolicy = {
  name: 'default',
  match: {},
  scope: 'fleet',
  strategy: 'one_for_one',
  restart: 'permanent',
  intensity: 5,
  periodMs: 60_000,
  intensityPer: 'agent',
  onIntensityExceeded: 'stop',
  restartOrder: 'sequential',
  backoff: {
    kind: 'exponential',
    minMs: 200,
    maxMs: 30_000,
    stepMs: 1_000,
    factor: 2,
    jitter: 0.2,
    resetAfterMs: 300_000,
  },
  order: [],
};

/**
 * The action follows the diagnosis. A dead or hung process is restarted (a hang without grace, since it
 * will not finish its work); a leak is drained then replaced, a slow agent drained and taken out of
 * routing; a partitioned agent or a failed dependency is not fixed by restarting it, so it escalates.
 */
export const DEFAULT_FAILURE_ACTIONS: Record<FailureType, RecoveryPlan> = {
  'process-crash': 'restart',
  'heartbeat-timeout': 'restart',
  'protocol-violation': 'restart',
  stuck: 'restart-kill',
  'memory-leak': 'drain-then-replace',
  'resource-exhaustion': 'drain-then-replace',
  'high-latency': 'drain-and-quarantine',
  'high-error-rate': 'drain-and-quarantine',
  'dependency-failure': 'escalate',
};

/**
 * A dead host or zone is not restarted agent by agent: its failures fold into the pattern, replacements
 * start elsewhere when hosts can take them, and one escalation goes out. Fleet-wide patterns escalate
 * while their failures are still recovered one by one; crash loops are the restart-intensity gate's job.
 */
export const DEFAULT_PATTERN_ACTIONS: Record<PatternType, RecoveryPlan> = {
  'zone-outage': 'replace-elsewhere',
  'host-partition': 'replace-elsewhere',
  'failure-spike': 'escalate',
  'cascading-failure': 'escalate',
  'correlated-failure': 'escalate',
  'resource-exhaustion': 'escalate',
  'performance-degradation': 'escalate',
  'crash-loop': 'none',
  flapping: 'none',
};

/** What a named group counts when it does not say: it is a supervisor, so its restarts count together. */
export const NAMED_GROUP_INTENSITY_PER: GroupPolicy['intensityPer'] = 'group';

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = {
  groups: [],
  defaultGroup: DEFAULT_GROUP,
  failureActions: DEFAULT_FAILURE_ACTIONS,
  patternActions: DEFAULT_PATTERN_ACTIONS,
  // 50 restarts a minute across the fleet: a dead zone of 500 agents costs at most 50 attempts a minute.
  budget: { maxRestarts: 50, windowMs: 60_000 },
  execution: {
    commandTimeoutMs: 2_000,
    commandAttempts: 3,
    commandRetryDelayMs: 500,
    healthyDeadlineMs: 30_000,
    maxAttempts: 3,
    drainGraceMs: 10_000,
    quarantineMs: 300_000,
    runLeaseMs: 10_000,
  },
  // Host capacity is not on the wire; replacing a dead zone elsewhere is an operator's opt-in.
  replacement: { maxPerHost: 0 },
};
