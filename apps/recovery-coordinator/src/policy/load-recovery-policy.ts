import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  FAILURE_TYPES,
  PATTERN_TYPES,
  RECOVERY_PLANS,
  RECOVERY_STATE_TTL_MS,
  RESTART_TYPES,
  SUPERVISION_STRATEGIES,
  type RecoveryPlan,
} from '@warden/contracts';
import { DEFAULT_RECOVERY_POLICY, NAMED_GROUP_INTENSITY_PER } from './default-recovery-policy';
import { PolicyFieldReader } from './policy-field-reader';
import {
  BACKOFF_KINDS,
  GROUP_SCOPES,
  INTENSITY_COUNTS,
  INTENSITY_OUTCOMES,
  RESTART_ORDERS,
  type BackoffPolicy,
  type GroupPolicy,
  type RecoveryPolicy,
} from './recovery-policy';
import { RecoveryPolicyError } from './recovery-policy-error';
import { supervisorTreeProblem } from './supervisor-tree';

/** Names a configured group may not take: `fleet` marks fleet-wide ledger entries, `default` is the catch-all. */
const RESERVED_GROUP_NAMES = ['fleet', 'default'];

/**
 * The documented defaults, overridden by a YAML or JSON file (JSON is YAML). `default` overrides the
 * catch-all group, each entry of `groups` starts from that and overrides what it names. An unknown
 * field, a value of the wrong kind or out of range stops startup naming the file and the field's path.
 */
export function loadRecoveryPolicy(path: string | undefined): RecoveryPolicy {
  if (!path) return DEFAULT_RECOVERY_POLICY;
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RecoveryPolicyError(
      path,
      '(file)',
      `cannot be read as YAML or JSON: ${(error as Error).message}`,
    );
  }
  if (document === null || document === undefined) return DEFAULT_RECOVERY_POLICY;
  return parseRecoveryPolicy(document, path);
}

/** The policy a parsed document describes; `source` names it in errors. */
export function parseRecoveryPolicy(document: unknown, source: string): RecoveryPolicy {
  const defaults = DEFAULT_RECOVERY_POLICY;
  const top: PolicyFieldReader = PolicyFieldReader.of(source, '', document);

  const defaultReader = top.child('default');
  const defaultGroup = defaultReader
    ? readGroup(defaultReader, { ...defaults.defaultGroup }, false)
    : defaults.defaultGroup;

  const groups: GroupPolicy[] = [];
  const rawGroups = top.raw('groups');
  if (rawGroups !== undefined) {
    if (!Array.isArray(rawGroups)) top.fail('groups', 'must be a list');
    rawGroups.forEach((entry: unknown, index) => {
      const reader = PolicyFieldReader.of(source, `groups[${index}]`, entry);
      // `intensityPer` is not inherited: the catch-all's per-agent count suits unrelated agents, a named group
      // is a supervisor whose children's restarts count together unless it says otherwise.
      const group = readGroup(reader, { ...defaultGroup, intensityPer: NAMED_GROUP_INTENSITY_PER }, true);
      if (groups.some((other) => other.name === group.name))
        reader.fail('name', `repeats the name of an earlier group (${group.name})`);
      groups.push(group);
    });
    rawGroups.forEach((_entry: unknown, index) => {
      const problem = supervisorTreeProblem(groups, index);
      if (problem) PolicyFieldReader.of(source, `groups[${index}]`, rawGroups[index]).fail('parent', problem);
    });
  }

  const policy: RecoveryPolicy = {
    groups,
    defaultGroup,
    failureActions: readPlans(top.child('failureActions'), defaults.failureActions, FAILURE_TYPES),
    patternActions: readPlans(top.child('patternActions'), defaults.patternActions, PATTERN_TYPES),
    budget: { ...defaults.budget },
    execution: { ...defaults.execution },
    replacement: { ...defaults.replacement },
  };

  const budget = top.child('budget');
  if (budget) {
    policy.budget.maxRestarts = budget.number('maxRestarts', policy.budget.maxRestarts, {
      min: 0,
      integer: true,
    });
    policy.budget.windowMs = budget.number('windowMs', policy.budget.windowMs, {
      min: 1_000,
      max: RECOVERY_STATE_TTL_MS,
      integer: true,
    });
    budget.rejectUnknown();
  }

  const execution = top.child('execution');
  if (execution) {
    const current = policy.execution;
    const duration = (key: keyof typeof current, min: number) =>
      execution.number(key, current[key], { min, max: 3_600_000, integer: true });
    policy.execution = {
      commandTimeoutMs: duration('commandTimeoutMs', 100),
      commandAttempts: execution.number('commandAttempts', current.commandAttempts, {
        min: 1,
        max: 20,
        integer: true,
      }),
      commandRetryDelayMs: duration('commandRetryDelayMs', 0),
      healthyDeadlineMs: duration('healthyDeadlineMs', 500),
      maxAttempts: execution.number('maxAttempts', current.maxAttempts, { min: 1, max: 20, integer: true }),
      drainGraceMs: duration('drainGraceMs', 0),
      quarantineMs: duration('quarantineMs', 1_000),
      runLeaseMs: duration('runLeaseMs', 1_000),
    };
    execution.rejectUnknown();
  }

  const replacement = top.child('replacement');
  if (replacement) {
    policy.replacement.maxPerHost = replacement.number('maxPerHost', policy.replacement.maxPerHost, {
      min: 0,
      max: 10_000,
      integer: true,
    });
    replacement.rejectUnknown();
  }

  top.rejectUnknown();
  return policy;
}

function readGroup(reader: PolicyFieldReader, base: GroupPolicy, named: boolean): GroupPolicy {
  let name = base.name;
  if (named) {
    if (!reader.has('name')) reader.fail('name', 'is required');
    name = reader.idToken('name') as string;
    if (RESERVED_GROUP_NAMES.includes(name))
      reader.fail('name', `is reserved (${RESERVED_GROUP_NAMES.join(', ')})`);
  }
  const group: GroupPolicy = {
    name,
    match: {},
    scope: reader.oneOf('scope', base.scope, GROUP_SCOPES),
    strategy: reader.oneOf('strategy', base.strategy, SUPERVISION_STRATEGIES),
    restart: reader.oneOf('restart', base.restart, RESTART_TYPES),
    intensity: reader.number('intensity', base.intensity, { min: 0, max: 10_000, integer: true }),
    periodMs: reader.number('periodMs', base.periodMs, { min: 1, max: RECOVERY_STATE_TTL_MS, integer: true }),
    intensityPer: reader.oneOf('intensityPer', base.intensityPer, INTENSITY_COUNTS),
    onIntensityExceeded: reader.oneOf('onIntensityExceeded', base.onIntensityExceeded, INTENSITY_OUTCOMES),
    restartOrder: reader.oneOf('restartOrder', base.restartOrder, RESTART_ORDERS),
    backoff: readBackoff(reader.child('backoff'), base.backoff),
    order: reader.idTokens('order', base.order),
  };
  if (reader.has('parent')) {
    if (!named) reader.fail('parent', 'is not allowed on the default group (it is the root of no tree)');
    group.parent = reader.idToken('parent');
  }
  const match = reader.child('match');
  if (match) {
    if (!named)
      reader.fail('match', 'is not allowed on the default group (it takes every agent no group matches)');
    const capability = match.idToken('capability');
    const agentIdPrefix = match.idToken('agentIdPrefix');
    const agentIds = match.has('agentIds') ? match.idTokens('agentIds', []) : undefined;
    match.rejectUnknown();
    group.match = {
      ...(capability !== undefined ? { capability } : {}),
      ...(agentIdPrefix !== undefined ? { agentIdPrefix } : {}),
      ...(agentIds !== undefined ? { agentIds } : {}),
    };
  }
  reader.rejectUnknown();
  return group;
}

function readBackoff(reader: PolicyFieldReader | undefined, base: BackoffPolicy): BackoffPolicy {
  if (!reader) return base;
  const duration = { min: 0, max: RECOVERY_STATE_TTL_MS, integer: true };
  const backoff: BackoffPolicy = {
    kind: reader.oneOf('kind', base.kind, BACKOFF_KINDS),
    minMs: reader.number('minMs', base.minMs, duration),
    maxMs: reader.number('maxMs', base.maxMs, duration),
    stepMs: reader.number('stepMs', base.stepMs, duration),
    factor: reader.number('factor', base.factor, { min: 1, max: 100 }),
    jitter: reader.number('jitter', base.jitter, { min: 0, max: 1 }),
    resetAfterMs: reader.number('resetAfterMs', base.resetAfterMs, { ...duration, min: 1 }),
  };
  if (backoff.maxMs < backoff.minMs) reader.fail('maxMs', `must be at least minMs (${backoff.minMs})`);
  reader.rejectUnknown();
  return backoff;
}

function readPlans<K extends string>(
  reader: PolicyFieldReader | undefined,
  base: Record<K, RecoveryPlan>,
  keys: readonly K[],
): Record<K, RecoveryPlan> {
  if (!reader) return base;
  const plans = { ...base };
  for (const key of keys) plans[key] = reader.oneOf(key, base[key], RECOVERY_PLANS);
  reader.rejectUnknown();
  return plans;
}
