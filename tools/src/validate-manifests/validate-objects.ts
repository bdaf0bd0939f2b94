import type { KubeObject } from './kube-object';
import type { ManifestProblem } from './manifest-problem';
import { checkPodSecurity } from './checks/pod-security';
import { checkPortsAndTermination } from './checks/ports-and-termination';
import { checkProbes } from './checks/probes';
import { checkReferences } from './checks/references';
import { checkReplicaFloor } from './checks/replica-floor';
import { checkResources } from './checks/resources';
import type { CheckContext } from './checks/check-context';
import { DOCUMENTED_SECRETS } from './documented-secrets';
import { validateAgainstSchema } from './schema-validation';

export interface ValidationRules {
  /** Least replicas per workload: 2 for prod, 1 elsewhere. */
  minReplicas: number;
  documentedSecrets?: readonly string[];
}

/** The rules an overlay is held to, by its folder name: prod must survive the loss of one pod. */
export function rulesForOverlay(name: string): ValidationRules {
  return { minReplicas: name === 'prod' ? 2 : 1 };
}

const CHECKS = [
  checkReplicaFloor,
  checkProbes,
  checkPortsAndTermination,
  checkPodSecurity,
  checkResources,
  checkReferences,
];

/** Every schema problem of every object, then what the schemas cannot see (replicas, probes, ports, grace, security, references). */
export function validateObjects(
  source: string,
  objects: readonly KubeObject[],
  rules: ValidationRules,
): ManifestProblem[] {
  const context: CheckContext = {
    source,
    objects,
    minReplicas: rules.minReplicas,
    documentedSecrets: new Set(rules.documentedSecrets ?? DOCUMENTED_SECRETS),
  };
  return [
    ...objects.flatMap((object) => validateAgainstSchema(source, object)),
    ...CHECKS.flatMap((check) => check(context)),
  ];
}
