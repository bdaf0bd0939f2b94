import type { AgentLifecycle, HealthState } from '@warden/contracts';
import type { CircuitBreaker } from '../breaker/circuit-breaker';

/** Health verdicts that take an agent out of routing (a panic only lets `unhealthy` back in). */
const EXCLUDED_STATES: ReadonlySet<HealthState> = new Set([
  'unhealthy',
  'unresponsive',
  'draining',
  'stopped',
]);

/**
 * What one replica knows about one agent: its last heartbeat's figures, the health and failure
 * verdicts, and this replica's own in-flight count and observed latency. Mutable and reused in place,
 * because the router reads thousands of these per second.
 */
export class AgentSlot {
  hostId = '';
  zone = '';
  capabilities: ReadonlySet<string> = new Set();
  capacity = 1;
  incarnation = 0;
  lifecycle: AgentLifecycle = 'starting';
  health: HealthState = 'healthy';
  reportedInFlight = 0;
  queueDepth = 0;
  cpuRatio = 0;
  memoryRatio = 0;
  errorRatio = 0;
  reportedLatencyMs = 0;
  /** Tasks this replica dispatched to the agent that have no result yet. */
  localInFlight = 0;
  /** Peak EWMA of dispatch-to-result latency seen by this replica (Finagle's p2cPeakEwma), as of `observedAt`. */
  observedLatencyMs = 0;
  private observedAt = 0;
  private latencyDecayMs = 1;
  firstSeenAt = 0;
  lastHeartbeatAt = 0;
  /** Suspected by the failure detector until a newer heartbeat sequence arrives after this time. */
  suspectedAt = 0;
  quarantinedUntil = 0;
  /** An incarnation convicted by the failure detector: routable again only with a newer one. */
  failedIncarnation = 0;

  constructor(
    readonly agentId: string,
    readonly breaker: CircuitBreaker,
  ) {}

  /** The work the agent has: ours and what its heartbeat reported (which includes other replicas'). */
  get load(): number {
    const reported = this.reportedInFlight + this.queueDepth;
    return reported > this.localInFlight ? reported : this.localInFlight;
  }

  /**
   * The observed latency decayed toward zero for the time since the last result, as Finagle's peak
   * EWMA reads it. Without the decay, one slow result would price an agent out of power-of-two
   * choices for good: it would never be picked again, so nothing would ever lower its latency.
   */
  latencyAt(now: number): number {
    if (this.observedLatencyMs === 0) return this.reportedLatencyMs;
    const elapsed = now > this.observedAt ? now - this.observedAt : 0;
    return this.observedLatencyMs * Math.exp(-elapsed / this.latencyDecayMs);
  }

  /** Healthy enough for new work, breaker aside. `panic` lets unhealthy and suspected agents back in. */
  routable(now: number, staleAfterMs: number, panic: boolean): boolean {
    if (this.lifecycle !== 'ready') return false;
    if (now - this.lastHeartbeatAt > staleAfterMs) return false;
    if (this.failedIncarnation >= this.incarnation) return false;
    if (this.quarantinedUntil > now) return false;
    if (EXCLUDED_STATES.has(this.health)) return panic && this.health === 'unhealthy';
    return panic || this.suspectedAt === 0;
  }

  /** Records a result latency; rises at once on a spike and decays with `decayMs` (peak EWMA). */
  observeLatency(latencyMs: number, now: number, decayMs: number): void {
    this.latencyDecayMs = decayMs > 0 ? decayMs : 1;
    if (this.observedLatencyMs === 0 || latencyMs > this.observedLatencyMs) {
      this.observedLatencyMs = latencyMs;
    } else {
      const weight = Math.exp(-(now - this.observedAt) / decayMs);
      this.observedLatencyMs = this.observedLatencyMs * weight + latencyMs * (1 - weight);
    }
    this.observedAt = now;
  }
}
