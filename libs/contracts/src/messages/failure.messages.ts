import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsFiniteNumber,
  IsIdToken,
  IsNested,
  IsNonNegativeNumber,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';
import { SEVERITIES, Severity } from './common/severity';

/**
 * The failure types a Warden detector can tell, each emitted by the failure detector (its README says
 * when). The seed's `timeout` (TimeoutFailure) and `network-partition` are not here: absent heartbeats
 * are `heartbeat-timeout`, and one vantage point cannot tell a partitioned agent from a dead one (a
 * partitioned host is the `host-partition` pattern).
 */
export const FAILURE_TYPES = [
  'process-crash',
  'memory-leak',
  'resource-exhaustion',
  'protocol-violation',
  'dependency-failure',
  'heartbeat-timeout',
  'stuck',
  'high-error-rate',
  'high-latency',
] as const;
export type FailureType = (typeof FAILURE_TYPES)[number];

/** Heartbeat figures a threshold rule can be about; the names are the Heartbeat field names. */
export const OBSERVED_METRICS = [
  'cpuRatio',
  'memoryBytes',
  'errorRatio',
  'latencyEwmaMs',
  'queueDepth',
  'inFlightTasks',
] as const;
export type ObservedMetric = (typeof OBSERVED_METRICS)[number];

/** A threshold crossed by a metric, over a window. `value` and `threshold` are in the metric's unit. */
export class MetricObservation {
  @IsOneOf(OBSERVED_METRICS) metric!: ObservedMetric;
  @IsFiniteNumber() value!: number;
  @IsFiniteNumber() threshold!: number;
  @IsCount() windowMs!: number;
}

/**
 * Why the detector believes the agent failed. Each detector fills what it measured: φ and silence for
 * heartbeat timeouts, a metric observation for threshold rules, a note for reports from outside.
 */
export class FailureEvidence {
  @IsOptional() @IsNonNegativeNumber() phi?: number;
  @IsOptional() @IsNonNegativeNumber() phiThreshold?: number;
  /** Time since the last heartbeat was received, on the detector's clock. */
  @IsOptional() @IsCount() silenceMs?: number;
  /** The heartbeat inter-arrival distribution φ was computed from (before the acceptable pause is added). */
  @IsOptional() @IsNonNegativeNumber() intervalMeanMs?: number;
  @IsOptional() @IsNonNegativeNumber() intervalStdDevMs?: number;
  @IsOptional() @IsTimestamp() lastHeartbeatAt?: string;
  @IsOptional() @IsCount() lastSequence?: number;
  @IsOptional() @IsNested(() => MetricObservation) metric?: MetricObservation;
  @IsOptional() @IsBoundedText(MessageLimits.detailLength) note?: string;
}

/** A failure of one agent, convicted by a detector; durable, and the input of recovery and alerting. */
@MessageType('warden.failure.detected.v1', { maxBytes: 16 * 1024 })
export class FailureDetected {
  /** Stable per failure: re-publishing the same conviction reuses it, so consumers can de-duplicate. */
  @IsIdToken() failureId!: string;
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  /** The incarnation the failure is about; recovery ignores failures of an incarnation already replaced. */
  @IsPositiveCount() incarnation!: number;
  @IsOneOf(FAILURE_TYPES) failureType!: FailureType;
  @IsOneOf(SEVERITIES) severity!: Severity;
  /** The service instance that convicted the agent. */
  @IsIdToken() detectedBy!: string;
  @IsTimestamp() detectedAt!: string;
  @IsNested(() => FailureEvidence) evidence!: FailureEvidence;
  /** Set when a detected pattern (PatternDetected.patternId) explains this failure. */
  @IsOptional() @IsIdToken() patternId?: string;
  @IsBoundedText(MessageLimits.summaryLength) summary!: string;
}

/**
 * φ crossed the lower suspect threshold: the agent is late but not convicted. A hint for whoever can act
 * early (route new work elsewhere); loss-tolerant, and at most one per silence.
 */
@MessageType('warden.failure.suspected.v1', { maxBytes: 4 * 1024 })
export class AgentSuspected {
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  @IsPositiveCount() incarnation!: number;
  @IsNonNegativeNumber() phi!: number;
  /** The suspect threshold that was crossed (below the conviction threshold). */
  @IsNonNegativeNumber() phiThreshold!: number;
  @IsCount() silenceMs!: number;
  @IsTimestamp() lastHeartbeatAt!: string;
  @IsCount() lastSequence!: number;
  @IsIdToken() suspectedBy!: string;
  @IsTimestamp() suspectedAt!: string;
}
