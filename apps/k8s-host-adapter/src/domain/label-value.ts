/** A Kubernetes label value: at most 63 characters, alphanumerics at both ends, `-`, `_`, `.` inside. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * Why an agent id cannot select a pod by label, or undefined when it can. Warden ids allow 128
 * characters and a leading `_` or `-`; the API would refuse the selector with a 400.
 */
export function agentIdLabelProblem(agentId: string): string | undefined {
  return LABEL_VALUE.test(agentId) && agentId.length > 0
    ? undefined
    : `agent id ${agentId} is not a valid Kubernetes label value (≤ 63 characters, alphanumeric at both ends), so no pod can carry it`;
}
