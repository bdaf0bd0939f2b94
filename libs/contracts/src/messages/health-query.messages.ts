import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { AGENT_LIFECYCLES, AgentLifecycle } from './common/agent-lifecycle';
import {
  IsArrayOfOneOf,
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIntegerBetween,
  IsNested,
  IsNestedArray,
  IsOneOf,
  IsTimestamp,
} from './common/field-rules';
import { AgentHealthRecord, HEALTH_STATES, HealthState } from './health.messages';

/** Request: the registry record of one agent. Replied with AgentHealthReply or a RemoteError `not-found`. */
@MessageType('warden.health.query.agent.v1', { maxBytes: 1024 })
export class AgentHealthQuery {
  @IsIdToken() agentId!: string;
}

@MessageType('warden.health.query.agent-reply.v1', { maxBytes: 16 * 1024 })
export class AgentHealthReply {
  @IsNested(() => AgentHealthRecord) agent!: AgentHealthRecord;
}

/** Request: counts over the whole fleet, optionally within one zone. */
@MessageType('warden.health.query.fleet.v1', { maxBytes: 1024 })
export class FleetSummaryQuery {
  @IsOptional() @IsIdToken() zone?: string;
}

export class HealthStateCount {
  @IsOneOf(HEALTH_STATES) state!: HealthState;
  @IsCount() agents!: number;
}

export class LifecycleCount {
  @IsOneOf(AGENT_LIFECYCLES) lifecycle!: AgentLifecycle;
  @IsCount() agents!: number;
}

@MessageType('warden.health.query.fleet-reply.v1', { maxBytes: 8 * 1024 })
export class FleetSummary {
  @IsOptional() @IsIdToken() zone?: string;
  @IsCount() totalAgents!: number;
  @IsNestedArray(() => HealthStateCount, HEALTH_STATES.length)
  byState!: HealthStateCount[];
  @IsNestedArray(() => LifecycleCount, AGENT_LIFECYCLES.length)
  byLifecycle!: LifecycleCount[];
  @IsCount() totalCapacity!: number;
  @IsCount() totalInFlightTasks!: number;
  @IsTimestamp() generatedAt!: string;
}

export const AGENT_LIST_MAX_PAGE_SIZE = 100;

/** Request: one page of agents matching every given filter, ordered by agent id. */
@MessageType('warden.health.query.list.v1', { maxBytes: 2 * 1024 })
export class AgentListQuery {
  @IsOptional() @IsArrayOfOneOf(HEALTH_STATES, HEALTH_STATES.length) states?: HealthState[];
  @IsOptional() @IsIdToken() zone?: string;
  @IsOptional() @IsIdToken() hostId?: string;
  @IsOptional() @IsIdToken() capability?: string;
  @IsIntegerBetween(1, AGENT_LIST_MAX_PAGE_SIZE) limit!: number;
  /** Opaque; the `nextCursor` of the previous page. Absent for the first page. */
  @IsOptional() @IsBoundedText(256) cursor?: string;
}

/**
 * One page of agents. The collector stops filling a page early when the next record would push it over
 * this type's size limit (kept under NATS's default 1 MiB payload), so a page may hold fewer than `limit`.
 */
@MessageType('warden.health.query.list-reply.v1', { maxBytes: 960 * 1024 })
export class AgentListPage {
  @IsNestedArray(() => AgentHealthRecord, AGENT_LIST_MAX_PAGE_SIZE)
  agents!: AgentHealthRecord[];
  /** Absent on the last page. */
  @IsOptional() @IsBoundedText(256) nextCursor?: string;
}
