/** The `alertname` of each kind of alert the manager raises from Warden's events. */
export const AlertNames = {
  agentFailure: 'AgentFailure',
  failurePattern: 'FailurePattern',
  recoveryFailed: 'RecoveryFailed',
  escalation: 'Escalation',
  circuitOpen: 'AgentCircuitOpen',
} as const;
