export interface FleetSettings {
  /** An agent whose last heartbeat is older than this is not routed to (no detector needed to notice). */
  staleAfterMs: number;
  /** New agents (and new incarnations) ramp from `slowStartMinWeight` to full weight over this time. */
  slowStartMs: number;
  slowStartMinWeight: number;
  /** Weight of a `degraded` agent relative to a healthy one. */
  degradedWeight: number;
  /** Below this share of routable agents the balancer panics: unhealthy and suspected agents are used too. */
  panicThreshold: number;
  /** How fast the observed latency of an agent forgets a spike (Finagle uses 10 s; 2 s keeps one GC pause or scheduling hiccup on a busy host from steering traffic for long). */
  latencyDecayMs: number;
}

export const DEFAULT_FLEET_SETTINGS: FleetSettings = {
  staleAfterMs: 5_000,
  slowStartMs: 10_000,
  slowStartMinWeight: 0.1,
  degradedWeight: 0.25,
  panicThreshold: 0.5,
  latencyDecayMs: 2_000,
};
