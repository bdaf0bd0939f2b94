import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RECOVERY_POLICY } from './default-recovery-policy';
import { loadRecoveryPolicy, parseRecoveryPolicy } from './load-recovery-policy';
import { RecoveryPolicyError } from './recovery-policy-error';

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'recovery-policy-')), 'policy.yaml');
  writeFileSync(path, text);
  return path;
}

function problemOf(document: unknown): RecoveryPolicyError {
  try {
    parseRecoveryPolicy(document, 'policy.yaml');
  } catch (error) {
    if (error instanceof RecoveryPolicyError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('loadRecoveryPolicy', () => {
  it('returns the documented defaults without a file', () => {
    expect(loadRecoveryPolicy(undefined)).toBe(DEFAULT_RECOVERY_POLICY);
  });

  it('reads groups from YAML, each starting from the default group', () => {
    const policy = loadRecoveryPolicy(
      fileWith(`
default:
  intensity: 2
  backoff: { kind: linear, minMs: 100, stepMs: 100 }
groups:
  - name: indexers
    match: { capability: index }
    strategy: one_for_all
    scope: host
  - name: pipeline
    match: { agentIdPrefix: stage- }
    strategy: rest_for_one
    order: [stage-a, stage-b]
    restart: transient
failureActions:
  high-latency: restart
budget: { maxRestarts: 10, windowMs: 30000 }
`),
    );
    expect(policy.defaultGroup.intensity).toBe(2);
    expect(
      policy.groups.map((group) => [group.name, group.strategy, group.intensity, group.backoff.kind]),
    ).toEqual([
      ['indexers', 'one_for_all', 2, 'linear'],
      ['pipeline', 'rest_for_one', 2, 'linear'],
    ]);
    expect(policy.groups[0]).toMatchObject({ match: { capability: 'index' }, scope: 'host' });
    expect(policy.groups[1]).toMatchObject({ order: ['stage-a', 'stage-b'], restart: 'transient' });
    expect(policy.failureActions['high-latency']).toBe('restart');
    expect(policy.failureActions.stuck).toBe(DEFAULT_RECOVERY_POLICY.failureActions.stuck);
    expect(policy.budget).toEqual({ maxRestarts: 10, windowMs: 30_000 });
  });

  it('reads JSON too', () => {
    const policy = loadRecoveryPolicy(fileWith('{"execution": {"healthyDeadlineMs": 5000}}'));
    expect(policy.execution.healthyDeadlineMs).toBe(5_000);
    expect(policy.execution.maxAttempts).toBe(DEFAULT_RECOVERY_POLICY.execution.maxAttempts);
  });

  it('names the file when it is not YAML', () => {
    const path = fileWith('groups: [unclosed');
    expect(() => loadRecoveryPolicy(path)).toThrow(new RegExp(`^${path}: \\(file\\) cannot be read`));
  });

  it.each([
    [{ groups: [{ name: 'a', backoff: { factor: 0.5 } }] }, 'groups[0].backoff.factor', 'must be at least 1'],
    [
      { groups: [{ name: 'a' }, { name: 'b', strategy: 'one_for_some' }] },
      'groups[1].strategy',
      'must be one of',
    ],
    [{ groups: [{ strategy: 'one_for_all' }] }, 'groups[0].name', 'is required'],
    [{ groups: [{ name: 'fleet' }] }, 'groups[0].name', 'is reserved'],
    [{ groups: [{ name: 'a' }, { name: 'a' }] }, 'groups[1].name', 'repeats'],
    [{ groups: [{ name: 'a', match: { label: 'x' } }] }, 'groups[0].match.label', 'is not a known field'],
    [{ groups: [{ name: 'a', order: ['ok', 'not ok'] }] }, 'groups[0].order[1]', 'must be 1-128'],
    [{ default: { intensity: 1.5 } }, 'default.intensity', 'must be a whole number'],
    [{ default: { backoff: { minMs: 500, maxMs: 100 } } }, 'default.backoff.maxMs', 'must be at least minMs'],
    [{ default: { backoff: { jitter: 2 } } }, 'default.backoff.jitter', 'must be at most 1'],
    [{ default: { periodMs: 2 * 24 * 3_600_000 } }, 'default.periodMs', 'must be at most'],
    [{ default: { match: { capability: 'x' } } }, 'default.match', 'is not allowed'],
    [{ failureActions: { stuck: 'reboot' } }, 'failureActions.stuck', 'must be one of'],
    [{ failureActions: { meltdown: 'restart' } }, 'failureActions.meltdown', 'is not a known field'],
    [{ budget: { maxRestarts: '10' } }, 'budget.maxRestarts', 'must be a number'],
    [{ execution: { commandAttempts: 0 } }, 'execution.commandAttempts', 'must be at least 1'],
    [{ groupz: [] }, 'groupz', 'is not a known field'],
    [{ groups: { name: 'a' } }, 'groups', 'must be a list'],
    [['a'], '(top level)', 'must be a mapping'],
  ])('refuses %j, naming %s', (document, field, problem) => {
    const error = problemOf(document);
    expect(error.field).toBe(field);
    expect(error.problem).toContain(problem);
    expect(error.message).toContain(`policy.yaml: ${field}`);
  });
});

describe('loadRecoveryPolicy: supervisor trees and OTP options (issue 12 #9, #13)', () => {
  const group = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    match: { agentIdPrefix: `${name}-` },
    ...extra,
  });

  it('defaults to OTP: intensity per group, stop the group when it is exceeded, restarts in start order', () => {
    const policy = parseRecoveryPolicy({ groups: [group('a')] }, 'policy.yaml');
    expect(policy.groups[0]).toMatchObject({
      intensityPer: 'group',
      onIntensityExceeded: 'stop',
      restartOrder: 'sequential',
    });
    expect(policy.groups[0].parent).toBeUndefined();
  });

  it('counts the catch-all per agent (unrelated agents) and a named group per group unless it says otherwise', () => {
    const policy = parseRecoveryPolicy({ default: { intensity: 3 }, groups: [group('a')] }, 'policy.yaml');
    expect(policy.defaultGroup.intensityPer).toBe('agent');
    expect(policy.groups[0]).toMatchObject({ intensity: 3, intensityPer: 'group' });
    const explicit = parseRecoveryPolicy({ groups: [group('a', { intensityPer: 'agent' })] }, 'policy.yaml');
    expect(explicit.groups[0].intensityPer).toBe('agent');
  });

  it('reads a three-level tree', () => {
    const policy = parseRecoveryPolicy(
      {
        groups: [
          group('root', { strategy: 'one_for_all' }),
          group('domain', { strategy: 'rest_for_one', parent: 'root' }),
          group('agents', { parent: 'domain', intensityPer: 'agent', restartOrder: 'parallel' }),
        ],
      },
      'policy.yaml',
    );
    expect(policy.groups.map((entry) => entry.parent)).toEqual([undefined, 'root', 'domain']);
  });

  it('refuses a parent that names no configured group, naming the field', () => {
    const error = problemOf({ groups: [group('a', { parent: 'nowhere' })] });
    expect(error.message).toContain('groups[0].parent');
    expect(error.message).toContain('nowhere');
  });

  it('refuses a cycle of parents, naming the field and the cycle', () => {
    const error = problemOf({ groups: [group('a', { parent: 'b' }), group('b', { parent: 'a' })] });
    expect(error.message).toContain('groups[0].parent');
    expect(error.message).toContain('a → b → a');
  });

  it('refuses a group that is its own parent', () => {
    expect(problemOf({ groups: [group('a', { parent: 'a' })] }).message).toContain('groups[0].parent');
  });

  it('refuses a parent on the default group and unknown option values', () => {
    expect(problemOf({ default: { parent: 'a' }, groups: [group('a')] }).message).toContain('default.parent');
    expect(problemOf({ groups: [group('a', { onIntensityExceeded: 'panic' })] }).message).toContain(
      'groups[0].onIntensityExceeded',
    );
  });
});
