import type { Matcher } from '../domain/matcher';

/**
 * Alertmanager's inhibit rule: while an alert matching `source` fires, alerts matching `target` that
 * carry the same values for every `equal` label are muted. A target that matches both sides is not muted
 * by a source that also matches both (so such alerts never mute each other, nor themselves).
 */
export interface InhibitionRule {
  name: string;
  sourceMatchers: readonly Matcher[];
  targetMatchers: readonly Matcher[];
  equal: readonly string[];
}

/**
 * Topology inhibition, no hand-written rule needed: an alert for one of these patterns (a zone dark, a
 * host cut off) explains the per-agent alerts of the agents it names, so those fold into its incident.
 */
export interface TopologyInhibition {
  enabled: boolean;
  /** Values of the `pattern` label whose alerts inhibit the per-agent alerts of their agents. */
  patterns: readonly string[];
}
