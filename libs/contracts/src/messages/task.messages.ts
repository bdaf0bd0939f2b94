import { IsBoolean, IsObject, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsIntegerBetween,
  IsNested,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/** Ordered from least to most urgent (the seed had four conflicting scales: §7.13). */
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_PAYLOAD_MAX_BYTES = 192 * 1024;
const TASK_MESSAGE_MAX_BYTES = TASK_PAYLOAD_MAX_BYTES + 16 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A unit of work for the fleet. Sent durably (JetStream) or by request/reply, on different subjects.
 * `payload` is the application's JSON object, opaque to Warden.
 */
@MessageType('warden.task.submitted.v1', { maxBytes: TASK_MESSAGE_MAX_BYTES })
export class TaskSubmitted {
  /** Chosen by the submitter and stable across its retries: the load balancer de-duplicates on it. */
  @IsIdToken() taskId!: string;
  @IsIdToken() taskType!: string;
  @IsOneOf(TASK_PRIORITIES) priority!: TaskPriority;
  @IsIdTokenArray(MessageLimits.capabilitiesPerAgent) requiredCapabilities!: string[];
  /** Zones to prefer, best first; other zones are used only when none of these has a healthy agent. */
  @IsIdTokenArray(16) preferredZones!: string[];
  @IsObject() payload!: Record<string, unknown>;
  @IsIntegerBetween(1, DAY_MS) timeoutMs!: number;
  @IsIntegerBetween(1, 10) maxAttempts!: number;
  /**
   * Tasks with the same key go to the same agent while it stays routable and under its load bound
   * (consistent hashing with bounded load), e.g. a conversation whose context an agent holds.
   */
  @IsOptional() @IsIdToken() affinityKey?: string;
  @IsIdToken() submittedBy!: string;
  @IsTimestamp() submittedAt!: string;
}

/** Why the load balancer picked this agent; kept small, the full candidate list goes to the trace. */
export class RoutingDecision {
  @IsIdToken() strategy!: string;
  @IsCount() candidatesConsidered!: number;
  @IsBoundedText(MessageLimits.summaryLength) reason!: string;
}

/** The load balancer's decision, durable. Also the reply to a request/reply submission. */
@MessageType('warden.task.assigned.v1', { maxBytes: 8 * 1024 })
export class TaskAssigned {
  @IsIdToken() taskId!: string;
  @IsIdToken() taskType!: string;
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsIdToken() zone!: string;
  @IsPositiveCount() attempt!: number;
  @IsNested(() => RoutingDecision) decision!: RoutingDecision;
  @IsIdToken() assignedBy!: string;
  @IsTimestamp() assignedAt!: string;
}

/** What the load balancer sends to `agent.<agentId>.tasks`; the agent answers with a CommandReceipt. */
@MessageType('warden.task.dispatch.v1', { maxBytes: TASK_MESSAGE_MAX_BYTES })
export class TaskDispatch {
  @IsIdToken() taskId!: string;
  @IsIdToken() taskType!: string;
  @IsOneOf(TASK_PRIORITIES) priority!: TaskPriority;
  @IsObject() payload!: Record<string, unknown>;
  @IsPositiveCount() attempt!: number;
  /** Time the agent has to finish, counted from when it accepts the task. */
  @IsIntegerBetween(1, DAY_MS) timeoutMs!: number;
  @IsTimestamp() assignedAt!: string;
}

export const TASK_OUTCOMES = ['succeeded', 'failed', 'timed-out', 'rejected', 'cancelled'] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

export class TaskError {
  @IsIdToken() code!: string;
  @IsBoundedText(MessageLimits.detailLength) message!: string;
  /** True when another attempt, possibly on another agent, may succeed. */
  @IsBoolean() retryable!: boolean;
}

/** Published by the agent when it finishes an attempt; durable. `result` only with `succeeded`. */
@MessageType('warden.task.result.v1', { maxBytes: TASK_MESSAGE_MAX_BYTES })
export class TaskResult {
  @IsIdToken() taskId!: string;
  @IsIdToken() taskType!: string;
  @IsIdToken() agentId!: string;
  @IsPositiveCount() attempt!: number;
  @IsOneOf(TASK_OUTCOMES) outcome!: TaskOutcome;
  @IsOptional() @IsObject() result?: Record<string, unknown>;
  @IsOptional() @IsNested(() => TaskError) error?: TaskError;
  @IsCount() durationMs!: number;
  @IsTimestamp() completedAt!: string;
}
