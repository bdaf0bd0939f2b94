import type { PatternDetected } from '@warden/contracts';
import type { PatternSettings } from '../settings/pattern-settings';
import { CapabilityRateHistory } from '../model/capability-rate-history';
import { FailureRateHistory } from '../model/failure-rate-history';
import type { FleetMembership } from '../model/fleet-membership';
import { IncarnationHistory } from '../model/incarnation-history';
import { ObservationWindow } from '../model/observation-window';
import type { FailureObservation, HealthObservation } from '../model/observations';
import type { PatternCandidate } from '../model/pattern-candidate';
import { CascadingFailureRule } from '../rules/cascading-failure-rule';
import { CorrelatedFailureRule } from '../rules/correlated-failure-rule';
import { CrashLoopRule } from '../rules/crash-loop-rule';
import { DegradationTrendRule } from '../rules/degradation-trend-rule';
import { FailureSpikeRule } from '../rules/failure-spike-rule';
import { FlappingRule } from '../rules/flapping-rule';
import type { PatternRule, RuleContext } from '../rules/rule-context';
import { IncidentTracker } from './incident-tracker';
import type { PatternRevision } from './pattern-revision';

/**
 * Pattern detection without messaging: feed it failures and health changes with their receive times,
 * call `evaluate(now)` on a timer, publish what it returns and `confirm` what was stored. Time only
 * comes in through these arguments, so tests drive it with a fake clock.
 */
export class PatternDetector {
  private readonly window: ObservationWindow;
  private readonly incarnations: IncarnationHistory;
  private readonly failureRates: FailureRateHistory;
  private readonly capabilityRates: CapabilityRateHistory;
  private readonly tracker: IncidentTracker;
  /** How far back the rules look: what a new owner replays from the stream. */
  readonly horizonMs: number;
  private readonly correlated: CorrelatedFailureRule;
  /** Rules that leave out what the zone and host patterns of the same evaluation already name. */
  private readonly rules: PatternRule[];

  constructor(
    settings: PatternSettings,
    private readonly membership: FleetMembership,
  ) {
    const horizon = Math.max(
      settings.spike.windowMs,
      settings.crashLoop.windowMs,
      settings.flapping.windowMs,
      settings.correlated.windowMs,
      settings.cascading.stepMs * settings.cascading.steps,
      settings.degradation.windowMs,
    );
    this.horizonMs = horizon;
    this.window = new ObservationWindow(horizon);
    this.incarnations = new IncarnationHistory(
      Math.max(horizon, settings.crashLoop.windowMs + settings.crashLoop.maxUptimeMs),
    );
    this.failureRates = new FailureRateHistory(settings.spike.windowMs, settings.spike.baselineWindows);
    this.capabilityRates = new CapabilityRateHistory(
      settings.cascading.stepMs,
      settings.cascading.baselineSteps,
    );
    this.tracker = new IncidentTracker(settings.activeTtlMs);
    this.correlated = new CorrelatedFailureRule(settings.correlated);
    this.rules = [
      new FailureSpikeRule(settings.spike),
      new CrashLoopRule(settings.crashLoop),
      new FlappingRule(settings.flapping),
      new CascadingFailureRule(settings.cascading),
      new DegradationTrendRule(settings.degradation),
    ];
  }

  observeFailure(failure: FailureObservation): void {
    this.incarnations.observe(failure.agentId, failure.incarnation, failure.at);
    if (!this.window.addFailure(failure)) return;
    this.failureRates.record(failure.at);
    this.capabilityRates.record(this.membership.capabilitiesOf(failure.agentId), failure.at);
  }

  observeHealth(change: HealthObservation): void {
    this.incarnations.observe(change.agentId, change.incarnation, change.at);
    this.window.addHealth(change);
  }

  /** Runs every rule over the windows ending at `now`; returns the revisions to publish. */
  evaluate(now: number): PatternRevision[] {
    this.window.prune(now);
    this.incarnations.prune(now);
    this.failureRates.prune(now);
    this.capabilityRates.prune(now);
    const base: RuleContext = {
      now,
      window: this.window,
      membership: this.membership,
      incarnations: this.incarnations,
      failureRates: this.failureRates,
      capabilityRates: this.capabilityRates,
      explained: new Set(),
    };
    const scoped = this.correlated.detect(base);
    const context = {
      ...base,
      explained: new Set(scoped.flatMap((candidate) => candidate.affectedAgentIds)),
    };
    const candidates: PatternCandidate[] = [...scoped, ...this.rules.flatMap((rule) => rule.detect(context))];
    return this.tracker.reconcile(candidates, now);
  }

  confirm(patternId: string, revision: number): void {
    this.tracker.confirm(patternId, revision);
  }

  /** Continues an incident published by another replica (see IncidentTracker.adopt). */
  adopt(pattern: PatternDetected, activeUntil: number): void {
    this.tracker.adopt(pattern, activeUntil);
  }

  openPatterns(): PatternRevision[] {
    return this.tracker.openPatterns();
  }
}
