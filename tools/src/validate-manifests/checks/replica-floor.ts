import { isMapping, kindOf, nameOf, objectLabel, podTemplateOf, type KubeObject } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';
import type { CheckContext } from './check-context';

/** A workload may run one pod only if it says why here (Jaeger all-in-one keeps traces in memory). */
export const SINGLE_REPLICA_ANNOTATION = 'warden.io/single-replica';

interface Autoscaler {
  readonly object: KubeObject;
  readonly minField: string;
  readonly min: number;
}

/** HPAs and KEDA ScaledObjects by the Deployment they scale; an absent minimum is the API's default 1. */
function autoscalersByTarget(objects: readonly KubeObject[]): Map<string, Autoscaler> {
  const byTarget = new Map<string, Autoscaler>();
  for (const object of objects) {
    const spec = object.spec;
    const target = isMapping(spec?.['scaleTargetRef']) ? spec['scaleTargetRef']['name'] : undefined;
    if (typeof target !== 'string') continue;
    if (kindOf(object) === 'HorizontalPodAutoscaler') {
      byTarget.set(target, { object, minField: 'spec.minReplicas', min: Number(spec?.['minReplicas'] ?? 1) });
    } else if (kindOf(object) === 'ScaledObject') {
      // KEDA's default minimum is 0; it would scale an idle service away.
      byTarget.set(target, {
        object,
        minField: 'spec.minReplicaCount',
        min: Number(spec?.['minReplicaCount'] ?? 0),
      });
    }
  }
  return byTarget;
}

/**
 * Every Deployment runs at least `minReplicas` pods: its autoscaler's minimum when one scales it (the
 * autoscaler overrides `replicas`), else `spec.replicas`.
 */
export function checkReplicaFloor({ source, objects, minReplicas }: CheckContext): ManifestProblem[] {
  const autoscalers = autoscalersByTarget(objects);
  const problems: ManifestProblem[] = [];
  for (const object of objects) {
    if (kindOf(object) !== 'Deployment' || !podTemplateOf(object)) continue;
    if (object.metadata?.annotations?.[SINGLE_REPLICA_ANNOTATION]) continue;
    const autoscaler = autoscalers.get(nameOf(object));
    if (autoscaler) {
      if (autoscaler.min < minReplicas)
        problems.push({
          source,
          object: objectLabel(autoscaler.object),
          field: autoscaler.minField,
          problem: `is ${autoscaler.min}; ${source} needs at least ${minReplicas} replicas of ${objectLabel(object)}`,
        });
      continue;
    }
    const replicas = Number(object.spec?.['replicas'] ?? 1);
    if (replicas < minReplicas)
      problems.push({
        source,
        object: objectLabel(object),
        field: 'spec.replicas',
        problem: `is ${replicas}; ${source} needs at least ${minReplicas} (or an autoscaler with that minimum, or the ${SINGLE_REPLICA_ANNOTATION} annotation saying why not)`,
      });
  }
  return problems;
}
