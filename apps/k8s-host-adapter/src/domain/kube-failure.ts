import { KubeApiError, KubeUnreachableError } from './kube-errors';

/**
 * Why a command the adapter set about failed at the Kubernetes API. `disruption-budget`: an eviction
 * refused with 429 because a PodDisruptionBudget allows no more disruptions now; `rate-limited`: any other
 * 429 (API priority and fairness).
 */
export type KubeFailureKind =
  | 'not-found'
  | 'forbidden'
  | 'conflict'
  | 'disruption-budget'
  | 'rate-limited'
  | 'invalid'
  | 'api-error'
  | 'unreachable';

export interface KubeFailure {
  kind: KubeFailureKind;
  /** One line for the receipt: the kind, the operation and what the API said. */
  reason: string;
}

/** Maps an error of a ClusterPort call to a typed failure; undefined for errors that are not the API's (bugs). */
export function classifyKubeError(error: unknown): KubeFailure | undefined {
  if (error instanceof KubeUnreachableError)
    return { kind: 'unreachable', reason: `unreachable: ${error.message}` };
  if (!(error instanceof KubeApiError)) return undefined;
  const kind = kindOfStatus(error);
  return { kind, reason: `${kind}: ${error.message}` };
}

function kindOfStatus(error: KubeApiError): KubeFailureKind {
  switch (error.status) {
    case 404:
      return 'not-found';
    case 401:
    case 403:
      return 'forbidden';
    case 409:
      return 'conflict';
    case 422:
      return 'invalid';
    case 429:
      // Evictions answer 429 while a PDB forbids them; elsewhere 429 is the API server's own throttling.
      return error.operation.startsWith('evict ') ? 'disruption-budget' : 'rate-limited';
    default:
      return 'api-error';
  }
}
