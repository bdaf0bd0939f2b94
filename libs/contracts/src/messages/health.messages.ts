import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { AGENT_LIFECYCLES, AgentLifecycle } from './common/agent-lifecycle';
import {
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsNested,
  IsNonNegativeNumber,
  IsOneOf,
  IsPositiveCount,
  IsRatio,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * What an agent publishes every `intervalMs` on core NATS. Loss-tolerant: the next beat supersedes it.
 * Counters (`tasksCompleted`, `tasksFailed`) are cumulative since the incarnation started, so a lost
 * beat loses no information and rates are differences between beats.
 */
@MessageType('warden.health.heartbeat.v1', { maxBytes: 8 * 1024 })
export class Heartbeat {
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  @IsIdTokenArray(MessageLimits.capabilitiesPerAgent) capabilities!: string[];
  /** Tasks the agent accepts at once. */
  @IsCount() capacity!: number;
  @IsCount() inFlightTasks!: number;
  @IsCount() queueDepth!: number;
  /** CPU used over the last interval as a fraction of the agent's CPU allotment. */
  @IsRatio() cpuRatio!: number;
  @IsCount() memoryBytes!: number;
  @IsOptional() @IsCount() memoryLimitBytes?: number;
  /** Exponentially weighted moving average of task latency. */
  @IsNonNegativeNumber() latencyEwmaMs!: number;
  /** Failed tasks / finished tasks over the agent's recent window. */
  @IsRatio() errorRatio!: number;
  @IsCount() tasksCompleted!: number;
  @IsCount() tasksFailed!: number;
  /** Increases by one per beat within an incarnation; gaps are lost beats, repeats are duplicates. */
  @IsCount() sequence!: number;
  /** Strictly greater for every new process of the same agent id (the SDK uses its start time in epoch ms). */
  @IsPositiveCount() incarnation!: number;
  @IsOneOf(AGENT_LIFECYCLES) lifecycle!: AgentLifecycle;
  /**
   * Dependencies (a database, a model endpoint, another service — names the agent chooses) it cannot
   * use right now, by its own checks; absent or empty when all are fine. The agent is alive but cannot
   * work, which neither silence nor its figures show.
   */
  @IsOptional() @IsIdTokenArray(MessageLimits.dependenciesPerAgent) dependenciesDown?: string[];
  /** The interval the agent intends to beat at; detectors use it before they have learned the real one. */
  @IsPositiveCount() intervalMs!: number;
  /** The agent's clock: informational only, never used for failure detection (clocks drift). */
  @IsTimestamp() sentAt!: string;
}

/**
 * The load figures of one heartbeat: how busy the agent is and how well it works. Named here so the SDK
 * that composes them and the services that read them all follow the Heartbeat class instead of a retyped copy.
 */
export type HeartbeatLoadFigures = Pick<
  Heartbeat,
  | 'capacity'
  | 'inFlightTasks'
  | 'queueDepth'
  | 'cpuRatio'
  | 'memoryBytes'
  | 'memoryLimitBytes'
  | 'latencyEwmaMs'
  | 'errorRatio'
>;

/** The cumulative task counters of one heartbeat (since the incarnation started). */
export type HeartbeatTaskCounters = Pick<Heartbeat, 'tasksCompleted' | 'tasksFailed'>;

/**
 * The collector's verdict on an agent. `healthy`/`degraded`/`unhealthy` come from its figures;
 * `unresponsive` from silence; `draining` and `stopped` from what the agent itself announced, so a
 * graceful drain or stop is never read as a failure.
 */
export const HEALTH_STATES = [
  'healthy',
  'degraded',
  'unhealthy',
  'unresponsive',
  'draining',
  'stopped',
] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The load figures of the last heartbeat, as kept in the registry and reported by queries. */
export class AgentLoad implements HeartbeatLoadFigures {
  @IsCount() capacity!: number;
  @IsCount() inFlightTasks!: number;
  @IsCount() queueDepth!: number;
  @IsRatio() cpuRatio!: number;
  @IsCount() memoryBytes!: number;
  @IsOptional() @IsCount() memoryLimitBytes?: number;
  @IsNonNegativeNumber() latencyEwmaMs!: number;
  @IsRatio() errorRatio!: number;
}

/** Published when the health collector changes its verdict on an agent; a durable event. */
@MessageType('warden.health.state-changed.v1', { maxBytes: 16 * 1024 })
export class HealthStateChanged {
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  @IsPositiveCount() incarnation!: number;
  /** Absent the first time the collector sees the agent. */
  @IsOptional() @IsOneOf(HEALTH_STATES) previousState?: HealthState;
  @IsOneOf(HEALTH_STATES) state!: HealthState;
  /** Human-readable symptoms behind the verdict ("errorRatio 0.31 > 0.2"). */
  @IsArray()
  @ArrayMaxSize(MessageLimits.reasonItems)
  @IsString({ each: true })
  @MaxLength(MessageLimits.summaryLength, { each: true })
  reasons!: string[];
  /** The φ suspicion level at the time of the change, when the verdict came from the failure detector. */
  @IsOptional() @IsNonNegativeNumber() phi?: number;
  @IsOptional() @IsTimestamp() lastHeartbeatAt?: string;
  @IsTimestamp() changedAt!: string;
}

/** One agent as the registry (KV bucket `agents`) holds it and health queries return it. */
@MessageType('warden.health.agent-record.v1', { maxBytes: 16 * 1024 })
export class AgentHealthRecord {
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  @IsIdTokenArray(MessageLimits.capabilitiesPerAgent) capabilities!: string[];
  @IsPositiveCount() incarnation!: number;
  @IsOneOf(AGENT_LIFECYCLES) lifecycle!: AgentLifecycle;
  /** The beat interval the agent announced. */
  @IsPositiveCount() intervalMs!: number;
  @IsOneOf(HEALTH_STATES) state!: HealthState;
  @IsTimestamp() stateSince!: string;
  /** Why the verdict is what it is ("errorRatio 0.31 ≥ 0.25"); empty when healthy. */
  @IsArray()
  @ArrayMaxSize(MessageLimits.reasonItems)
  @IsString({ each: true })
  @MaxLength(MessageLimits.summaryLength, { each: true })
  reasons!: string[];
  /** Health score 0..1 (the health collector's README gives the formula); 0 when unresponsive or stopped. */
  @IsRatio() score!: number;
  @IsNested(() => AgentLoad) load!: AgentLoad;
  @IsCount() tasksCompleted!: number;
  @IsCount() tasksFailed!: number;
  @IsCount() lastSequence!: number;
  /** When the collector received the last heartbeat (collector's clock, not the agent's `sentAt`). */
  @IsTimestamp() lastHeartbeatAt!: string;
}
