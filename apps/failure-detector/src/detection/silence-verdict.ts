/** Who a verdict is about, as the failure event names it. */
export interface AgentIdentity {
  agentId: string;
  hostId: string;
  zone: string;
  incarnation: number;
}

/**
 * φ crossed a threshold during one silence of one agent: `suspicion` at the suspect threshold,
 * `conviction` at the conviction threshold. Carries everything the evidence and the span report.
 */
export interface SilenceVerdict {
  kind: 'suspicion' | 'conviction';
  agent: AgentIdentity;
  phi: number;
  phiThreshold: number;
  /** Silence on the detector's clock, including any part excused below. */
  silenceMs: number;
  /** Part of the silence during which the detector itself was stalled or disconnected. */
  excusedMs: number;
  intervalMeanMs: number;
  intervalStdDevMs: number;
  lastHeartbeatAt: number;
  lastSequence: number;
  /** When the tick saw φ cross the threshold. */
  detectedAt: number;
}

/** A heartbeat from an agent that had been convicted of silence: the conviction was a false positive. */
export interface FalsePositive {
  agent: AgentIdentity;
  convictedAt: number;
  silenceMs: number;
}
