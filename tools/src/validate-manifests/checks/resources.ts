import { containersOf, isMapping, objectLabel, podTemplateOf } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';

/**
 * Every container requests CPU and memory (the scheduler and the HPA's utilisation need the requests)
 * and has a memory limit (a leak ends in an OOM kill of that pod, not of its neighbours).
 */
export function checkResources({ source, objects }: CheckContext): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    const template = podTemplateOf(object);
    if (!template) continue;
    for (const { path, container } of containersOf(template)) {
      const resources = isMapping(container['resources']) ? container['resources'] : {};
      const requests = isMapping(resources['requests']) ? resources['requests'] : {};
      const limits = isMapping(resources['limits']) ? resources['limits'] : {};
      for (const [field, present] of [
        ['requests.cpu', requests['cpu'] !== undefined],
        ['requests.memory', requests['memory'] !== undefined],
        ['limits.memory', limits['memory'] !== undefined],
      ] as const) {
        if (!present)
          problems.push({
            source,
            object: objectLabel(object),
            field: `${path}.resources.${field}`,
            problem: 'is required',
          });
      }
    }
  }
  return problems;
}
