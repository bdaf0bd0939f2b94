/** The Kubernetes API answered a call with an error status. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';

  constructor(
    /** What was being done, e.g. "evict pod agent-a1-0". */
    readonly operation: string,
    readonly status: number,
    /** The API's own explanation (the Status object's message), when it gave one. */
    readonly apiMessage: string,
  ) {
    super(`${operation}: HTTP ${status}${apiMessage ? ` (${apiMessage})` : ''}`);
  }
}

/** The Kubernetes API could not be reached, or did not answer in time. */
export class KubeUnreachableError extends Error {
  override readonly name = 'KubeUnreachableError';

  constructor(
    readonly operation: string,
    detail: string,
  ) {
    super(`${operation}: Kubernetes API unreachable (${detail})`);
  }
}
