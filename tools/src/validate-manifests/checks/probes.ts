import { containersOf, objectLabel, podTemplateOf } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';

const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

/**
 * Every long-running container has all three probes: without readiness a pod gets traffic (and counts
 * as available for the PDB) before it can serve; without liveness a hung one is never restarted;
 * without a startup probe liveness must be lax enough for the slowest start.
 */
export function checkProbes({ source, objects }: CheckContext): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    const template = podTemplateOf(object);
    // Jobs run to completion; probes are for servers.
    if (!template || object.kind === 'Job' || object.kind === 'CronJob') continue;
    for (const { path, container } of containersOf(template)) {
      if (path.includes('initContainers')) continue;
      for (const probe of PROBES) {
        if (container[probe] === undefined)
          problems.push({
            source,
            object: objectLabel(object),
            field: `${path}.${probe}`,
            problem: 'is required',
          });
      }
    }
  }
  return problems;
}
