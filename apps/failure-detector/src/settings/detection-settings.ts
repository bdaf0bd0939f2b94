import type { Severity } from '@warden/contracts';
import type { ProcessCrashSettings } from '../detection/process-crash';
import type { ProtocolViolationSettings } from '../detection/protocol-violation';
import type { PhiAccrualSettings } from '../phi/phi-accrual-settings';
import type { SignalRules } from '../signals/signal-rule-settings';

export interface HeartbeatTimeoutSettings extends PhiAccrualSettings {
  /** Severity of a heartbeat-timeout failure. */
  severity: Severity;
}

export interface SelfHealthSettings {
  /** A tick later than its interval by more than this is a stall of the detector (excused silence). */
  stallToleranceMs: number;
}

/** Everything the detection rules file can change; README "Detection rules" documents each field. */
export interface DetectionSettings {
  heartbeatTimeout: HeartbeatTimeoutSettings;
  signals: SignalRules;
  protocolViolation: ProtocolViolationSettings;
  processCrash: ProcessCrashSettings;
  selfHealth: SelfHealthSettings;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/**
 * Defaults. φ: Akka's threshold 8, pause 3 s and 100 ms deviation floor; 200 samples instead of Akka's
 * 1,000 because one replica watches thousands of agents (200 intervals already pin the mean and
 * deviation, and cost 1.6 kB per agent). Signal rules hold for tens of seconds to minutes so a burst
 * never convicts; each threshold is a judgement about "broken", not "busy".
 */
export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = {
  heartbeatTimeout: {
    threshold: 8,
    suspectThreshold: 5,
    maxSampleSize: 200,
    minStdDeviationMs: 100,
    acceptableHeartbeatPauseMs: 3 * SECOND,
    relearnAfterLateBeats: 2,
    severity: 'high',
  },
  signals: {
    highErrorRate: {
      enabled: true,
      errorRatioAbove: 0.5,
      minFinishedTasks: 10,
      forMs: 30 * SECOND,
      severity: 'medium',
    },
    highLatency: {
      enabled: true,
      latencyEwmaMsAbove: 10 * SECOND,
      forMs: MINUTE,
      severity: 'medium',
    },
    resourceExhaustion: {
      enabled: true,
      cpuRatioAbove: 0.95,
      memoryRatioAbove: 0.95,
      queueDepthAbove: 1_000,
      forMs: MINUTE,
      severity: 'high',
    },
    memoryLeak: {
      enabled: true,
      windowMs: 10 * MINUTE,
      maxSamples: 60,
      minSamples: 10,
      minSpanMs: 2 * MINUTE,
      minRSquared: 0.8,
      horizonMs: 30 * MINUTE,
      forMs: 30 * SECOND,
      severity: 'high',
    },
    stuck: {
      enabled: true,
      forMs: 5 * MINUTE,
      severity: 'high',
    },
    // Half a minute: a dependency that flickers during a failover is not yet a failure of the agent.
    dependencyFailure: {
      enabled: true,
      forMs: 30 * SECOND,
      severity: 'high',
    },
  },
  // Three in ten seconds: one corrupt beat is noise; a run of them, at any heartbeat interval of a
  // second or more, is an agent that no longer speaks the contract.
  protocolViolation: {
    enabled: true,
    invalidHeartbeats: 3,
    windowMs: 10 * SECOND,
    severity: 'high',
  },
  processCrash: { enabled: true, severity: 'high' },
  selfHealth: {
    stallToleranceMs: 250,
  },
};
