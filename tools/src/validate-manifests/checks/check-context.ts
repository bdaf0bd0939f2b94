import type { KubeObject } from '../kube-object';
import type { ManifestProblem } from '../manifest-problem';

/** What every check gets: the rendered objects of one overlay and the rules that overlay must meet. */
export interface CheckContext {
  readonly source: string;
  readonly objects: readonly KubeObject[];
  /** The least replicas a workload must run with (2 on prod, 1 elsewhere). */
  readonly minReplicas: number;
  /** Secrets created by the operator (k8s/README.md), not by the manifests, that pods may reference. */
  readonly documentedSecrets: ReadonlySet<string>;
}

export type ManifestCheck = (context: CheckContext) => ManifestProblem[];
