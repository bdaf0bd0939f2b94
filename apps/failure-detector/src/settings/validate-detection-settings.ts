import { SEVERITIES, type Severity } from '@warden/contracts';
import type { DetectionSettings } from './detection-settings';
import { DetectionSettingsError } from './detection-settings-error';

type Check = [field: string, ok: boolean, problem: string];

const positive = (field: string, value: number): Check => [field, value > 0, 'must be above 0'];
const nonNegative = (field: string, value: number): Check => [field, value >= 0, 'must be 0 or more'];
const ratio = (field: string, value: number): Check => [
  field,
  value >= 0 && value <= 1,
  'must be within 0..1',
];
const wholeNumber = (field: string, value: number, minimum: number): Check => [
  field,
  Number.isInteger(value) && value >= minimum,
  `must be a whole number, at least ${minimum}`,
];
const severity = (field: string, value: Severity): Check => [
  field,
  SEVERITIES.includes(value),
  `must be one of ${SEVERITIES.join(', ')}`,
];

/** Checks every range and relation; the first violation is thrown, naming its field path. */
export function validateDetectionSettings(settings: DetectionSettings, source: string): DetectionSettings {
  const { heartbeatTimeout: phi, signals, protocolViolation, processCrash, selfHealth } = settings;
  const { highErrorRate, highLatency, resourceExhaustion, memoryLeak, stuck } = signals;
  const checks: Check[] = [
    positive('heartbeatTimeout.threshold', phi.threshold),
    positive('heartbeatTimeout.suspectThreshold', phi.suspectThreshold),
    [
      'heartbeatTimeout.suspectThreshold',
      phi.suspectThreshold < phi.threshold,
      `must be below heartbeatTimeout.threshold (${phi.threshold})`,
    ],
    wholeNumber('heartbeatTimeout.maxSampleSize', phi.maxSampleSize, 2),
    positive('heartbeatTimeout.minStdDeviationMs', phi.minStdDeviationMs),
    nonNegative('heartbeatTimeout.acceptableHeartbeatPauseMs', phi.acceptableHeartbeatPauseMs),
    wholeNumber('heartbeatTimeout.relearnAfterLateBeats', phi.relearnAfterLateBeats, 1),
    severity('heartbeatTimeout.severity', phi.severity),
    ratio('signals.highErrorRate.errorRatioAbove', highErrorRate.errorRatioAbove),
    wholeNumber('signals.highErrorRate.minFinishedTasks', highErrorRate.minFinishedTasks, 0),
    positive('signals.highLatency.latencyEwmaMsAbove', highLatency.latencyEwmaMsAbove),
    ratio('signals.resourceExhaustion.cpuRatioAbove', resourceExhaustion.cpuRatioAbove),
    ratio('signals.resourceExhaustion.memoryRatioAbove', resourceExhaustion.memoryRatioAbove),
    nonNegative('signals.resourceExhaustion.queueDepthAbove', resourceExhaustion.queueDepthAbove),
    positive('signals.memoryLeak.windowMs', memoryLeak.windowMs),
    wholeNumber('signals.memoryLeak.maxSamples', memoryLeak.maxSamples, 3),
    wholeNumber('signals.memoryLeak.minSamples', memoryLeak.minSamples, 3),
    [
      'signals.memoryLeak.minSamples',
      memoryLeak.minSamples <= memoryLeak.maxSamples,
      `must not exceed signals.memoryLeak.maxSamples (${memoryLeak.maxSamples})`,
    ],
    [
      'signals.memoryLeak.minSpanMs',
      memoryLeak.minSpanMs >= 0 && memoryLeak.minSpanMs <= memoryLeak.windowMs,
      `must be within 0..signals.memoryLeak.windowMs (${memoryLeak.windowMs})`,
    ],
    ratio('signals.memoryLeak.minRSquared', memoryLeak.minRSquared),
    positive('signals.memoryLeak.horizonMs', memoryLeak.horizonMs),
    positive('signals.stuck.forMs', stuck.forMs),
    wholeNumber('protocolViolation.invalidHeartbeats', protocolViolation.invalidHeartbeats, 1),
    positive('protocolViolation.windowMs', protocolViolation.windowMs),
    severity('protocolViolation.severity', protocolViolation.severity),
    severity('processCrash.severity', processCrash.severity),
    positive('selfHealth.stallToleranceMs', selfHealth.stallToleranceMs),
  ];
  for (const [name, rule] of Object.entries(signals)) {
    checks.push(
      nonNegative(`signals.${name}.forMs`, rule.forMs),
      severity(`signals.${name}.severity`, rule.severity),
    );
  }
  const failed = checks.find(([, ok]) => !ok);
  if (failed) throw new DetectionSettingsError(source, failed[0], failed[2]);
  return settings;
}
