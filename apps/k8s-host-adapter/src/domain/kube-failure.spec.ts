import { KubeApiError, KubeUnreachableError } from './kube-errors';
import { classifyKubeError } from './kube-failure';

describe('classifyKubeError', () => {
  it.each([
    ['delete pod p', 404, 'not-found'],
    ['delete pod p', 403, 'forbidden'],
    ['list pods of agent a1', 401, 'forbidden'],
    ['scale Deployment d', 409, 'conflict'],
    ['scale Deployment d', 422, 'invalid'],
    ['evict pod p', 429, 'disruption-budget'],
    ['delete pod p', 429, 'rate-limited'],
    ['delete pod p', 500, 'api-error'],
  ] as const)('%s answered %i is %s', (operation, status, kind) => {
    expect(classifyKubeError(new KubeApiError(operation, status, 'said the API'))).toEqual({
      kind,
      reason: `${kind}: ${operation}: HTTP ${status} (said the API)`,
    });
  });

  it('maps an unreachable API, and leaves other errors (bugs) alone', () => {
    expect(classifyKubeError(new KubeUnreachableError('delete pod p', 'ECONNREFUSED'))).toEqual({
      kind: 'unreachable',
      reason: 'unreachable: delete pod p: Kubernetes API unreachable (ECONNREFUSED)',
    });
    expect(classifyKubeError(new TypeError('oops'))).toBeUndefined();
  });
});
