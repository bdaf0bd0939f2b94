// Pattern detection of the failure detector: the runtime, what it keeps for the other handlers, its settings.
export {
  PatternDetectionEngine,
  PATTERN_DETECTION_GROUP,
  type PatternEngineSettings,
} from './pattern-detection-engine';
export { ActivePatterns, type ActivePattern } from '@warden/contracts';
export { PatternDetector } from './detection/pattern-detector';
export { eventIdOf, type PatternRevision } from './detection/pattern-revision';
export { FleetMembership } from './model/fleet-membership';
export type { FailureObservation, HealthObservation } from './model/observations';
export {
  DEFAULT_PATTERN_SETTINGS,
  type CascadingFailureSettings,
  type CorrelatedFailureSettings,
  type CrashLoopSettings,
  type DegradationTrendSettings,
  type FailureSpikeSettings,
  type FlappingSettings,
  type PatternSettings,
} from './settings/pattern-settings';
export { PatternDetectionConfig } from './settings/pattern-detection-config';
export { loadPatternSettings } from './settings/load-pattern-settings';
export { PatternSettingsError } from './settings/pattern-settings-error';
