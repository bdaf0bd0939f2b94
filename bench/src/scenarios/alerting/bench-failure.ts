import { FailureDetected } from '@warden/contracts';

/** A conviction as the failure detector publishes it, for one agent. */
export function benchFailure(agentId: string, zone = 'zone-0'): FailureDetected {
  const at = new Date().toISOString();
  return Object.assign(new FailureDetected(), {
    failureId: `failure-bench-${agentId}`,
    agentId,
    hostId: 'bench-host-1',
    zone,
    incarnation: 1,
    failureType: 'heartbeat-timeout',
    severity: 'high',
    detectedBy: 'bench',
    detectedAt: at,
    evidence: { phi: 8.2, phiThreshold: 8, silenceMs: 1_400, lastHeartbeatAt: at, lastSequence: 40 },
    summary: `no heartbeat from ${agentId} for 1.4 s (φ 8.2 ≥ 8)`,
  });
}
