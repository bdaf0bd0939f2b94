import type { FaultTargetSpec } from './scenario';
import type { ScenarioIssue } from './scenario-file-error';
import type { FaultKind } from './scenario.model';

/** The params each kind reads, with their defaults; any other param is a mistake in the file. */
export const FAULT_PARAM_DEFAULTS: Record<FaultKind, Record<string, number>> = {
  crash: {},
  hang: {},
  slow: { factor: 10 },
  'error-burst': { errorRatio: 0.5 },
  flapping: { period: 10_000 },
  'memory-leak': { startBytes: 128 * 1024 * 1024, limitBytes: 512 * 1024 * 1024 },
  'zone-outage': {},
  'host-partition': {},
};

/** Params that are durations ("5s") rather than plain numbers. */
export const DURATION_PARAMS = new Set(['period']);

export const DEFAULT_FAULT_DURATION_MS: Partial<Record<FaultKind, number>> = {
  flapping: 60_000,
  'memory-leak': 120_000,
  'host-partition': 30_000,
};

/** Kind-specific checks that class-validator cannot express: target shape and param ranges. */
export function faultRuleIssues(
  path: string,
  kind: FaultKind,
  target: FaultTargetSpec,
  params: Record<string, number>,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const given = (['agents', 'count', 'zone', 'host'] as const).filter((key) => target[key] !== undefined);
  if (given.length !== 1)
    issues.push({
      path: `${path}.target`,
      message: `give exactly one of agents, count, zone, host (got ${given.join(', ') || 'none'})`,
    });
  if (kind === 'zone-outage' && target.zone === undefined)
    issues.push({ path: `${path}.target`, message: 'a zone-outage targets a zone' });
  if (kind === 'host-partition' && target.host === undefined)
    issues.push({ path: `${path}.target`, message: 'a host-partition targets a host' });

  const allowed = FAULT_PARAM_DEFAULTS[kind];
  for (const [name, value] of Object.entries(params)) {
    if (!(name in allowed))
      issues.push({
        path: `${path}.params.${name}`,
        message: `${kind} takes no param ${name} (it takes: ${Object.keys(allowed).join(', ') || 'none'})`,
      });
    else if (!Number.isFinite(value) || value < 0)
      issues.push({ path: `${path}.params.${name}`, message: 'must be a non-negative number' });
  }
  if (params.factor !== undefined && params.factor < 1)
    issues.push({ path: `${path}.params.factor`, message: 'must be at least 1' });
  if (params.errorRatio !== undefined && params.errorRatio > 1)
    issues.push({ path: `${path}.params.errorRatio`, message: 'must be at most 1' });
  if (params.period !== undefined && params.period < 200)
    issues.push({ path: `${path}.params.period`, message: 'must be at least 200ms' });
  if (
    params.limitBytes !== undefined &&
    params.startBytes !== undefined &&
    params.limitBytes <= params.startBytes
  ) {
    issues.push({ path: `${path}.params.limitBytes`, message: 'must be above startBytes' });
  }
  return issues;
}
