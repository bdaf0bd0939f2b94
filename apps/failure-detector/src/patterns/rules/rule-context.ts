import type { CapabilityRateHistory } from '../model/capability-rate-history';
import type { FailureRateHistory } from '../model/failure-rate-history';
import type { FleetMembership } from '../model/fleet-membership';
import type { IncarnationHistory } from '../model/incarnation-history';
import type { ObservationWindow } from '../model/observation-window';
import type { PatternCandidate } from '../model/pattern-candidate';

/** What every rule reads in one evaluation. */
export interface RuleContext {
  now: number;
  window: ObservationWindow;
  membership: FleetMembership;
  incarnations: IncarnationHistory;
  failureRates: FailureRateHistory;
  capabilityRates: CapabilityRateHistory;
  /**
   * Agents a zone or host pattern already names in this evaluation. Fleet- and capability-wide rules
   * leave them out, so one outage is reported once and not again as a spike or a cascade.
   */
  explained: ReadonlySet<string>;
}

export interface PatternRule {
  detect(context: RuleContext): PatternCandidate[];
}
