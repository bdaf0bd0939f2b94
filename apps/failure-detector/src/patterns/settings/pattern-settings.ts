/**
 * Every knob of pattern detection. Windows are on the detector's clock (when it received the event),
 * never the agents'. Defaults are in DEFAULT_PATTERN_SETTINGS, each with its reason.
 */
export interface PatternSettings {
  /** How often the owner evaluates its windows; a burst of events becomes one revision, not one each. */
  evaluateIntervalMs: number;
  /** How long a pattern explains its agents' failures after its last evidence. */
  activeTtlMs: number;
  spike: FailureSpikeSettings;
  crashLoop: CrashLoopSettings;
  flapping: FlappingSettings;
  correlated: CorrelatedFailureSettings;
  cascading: CascadingFailureSettings;
  degradation: DegradationTrendSettings;
}

export interface FailureSpikeSettings {
  windowMs: number;
  /** A spike is more than this many failures in the window (the seed's "more than 5"). */
  threshold: number;
  /** Completed windows the expected rate is averaged over. */
  baselineWindows: number;
  /** The expected failures per window never drops below this, so a silent past makes no tiny baseline. */
  minExpectedPerWindow: number;
  /** Below this confidence an above-threshold count is ordinary for this fleet and not reported. */
  minConfidence: number;
}

export interface CrashLoopSettings {
  windowMs: number;
  /** Failures of distinct incarnations, each soon after its start, that make a loop. */
  restarts: number;
  /** A failure this soon after its incarnation was first seen counts as "right after a restart". */
  maxUptimeMs: number;
  /** Quick failures an ordinary agent shows per window: the baseline of the confidence. */
  expectedPerWindow: number;
}

export interface FlappingSettings {
  windowMs: number;
  /** Flapping is more than this many healthy ↔ unhealthy/unresponsive changes in the window. */
  transitions: number;
  expectedPerWindow: number;
}

export interface CorrelatedFailureSettings {
  windowMs: number;
  /** k: this many failed agents in one zone or host is a correlated failure whatever the scope's size. */
  minAgents: number;
  /** x: this fraction of a zone failed is a zone outage. */
  zoneOutageFraction: number;
  /** This fraction of a host failed is a host-level pattern (partition when silent, correlated otherwise). */
  hostFraction: number;
  /** A fraction-based pattern needs at least this many failed agents: one agent is not a correlation. */
  minAgentsForFraction: number;
  /** A host is partitioned only while the rest of its zone has at most this fraction failed. */
  zoneHealthyMaxFraction: number;
  /** This many agents of one host convicted of resource exhaustion or a leak (only) is the host running out. */
  hostExhaustedAgents: number;
  /** Chance that one agent fails in a window on its own: the baseline of the confidence. */
  agentFailureProbability: number;
}

export interface CascadingFailureSettings {
  /** Width of each successive sub-window; the series spans `steps` of them. */
  stepMs: number;
  steps: number;
  /** Failures in the latest step needed before a rising series counts. */
  minFailuresInLastStep: number;
  /** Distinct agents of the capability that failed over the series. */
  minAgents: number;
  /** Completed steps the capability's normal rate is averaged over: a cascade must beat it too. */
  baselineSteps: number;
  minConfidence: number;
}

export interface DegradationTrendSettings {
  windowMs: number;
  /** Distinct agents of a capability or zone that became degraded or slow/erroring in the window. */
  minAgents: number;
  /** …and that fraction of the scope's agents. */
  minFraction: number;
  /** Chance that one agent degrades in a window on its own: the baseline of the confidence. */
  agentDegradeProbability: number;
}

export const DEFAULT_PATTERN_SETTINGS: PatternSettings = {
  // Fast enough that a pattern follows its evidence within a second, slow enough to coalesce a burst.
  evaluateIntervalMs: 500,
  // Twice the longest common window: later failures of the same incident keep folding into it.
  activeTtlMs: 10 * 60_000,
  spike: {
    windowMs: 60_000,
    threshold: 5,
    baselineWindows: 30,
    minExpectedPerWindow: 1,
    minConfidence: 0.99,
  },
  crashLoop: {
    // Erlang/OTP's restart intensity is a few restarts within seconds to minutes; agents start slower.
    windowMs: 10 * 60_000,
    restarts: 3,
    maxUptimeMs: 2 * 60_000,
    expectedPerWindow: 0.5,
  },
  flapping: {
    windowMs: 5 * 60_000,
    transitions: 4,
    expectedPerWindow: 1,
  },
  correlated: {
    windowMs: 60_000,
    minAgents: 10,
    zoneOutageFraction: 0.5,
    hostFraction: 0.8,
    minAgentsForFraction: 2,
    zoneHealthyMaxFraction: 0.2,
    // Three: two agents of a host short of memory in one minute can be chance; three share a cause.
    hostExhaustedAgents: 3,
    agentFailureProbability: 0.01,
  },
  cascading: {
    stepMs: 60_000,
    steps: 3,
    minFailuresInLastStep: 3,
    minAgents: 3,
    baselineSteps: 30,
    minConfidence: 0.99,
  },
  degradation: {
    windowMs: 5 * 60_000,
    minAgents: 3,
    minFraction: 0.2,
    agentDegradeProbability: 0.05,
  },
};
