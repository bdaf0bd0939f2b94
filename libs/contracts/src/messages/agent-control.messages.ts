import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * In-process control of one agent (`agent.<agentId>.control`); process-level actions (restart, replace)
 * go to its host instead. `drain`: finish in-flight work, accept none; `pause`: take no new tasks for a
 * while without leaving `ready`; `resume` undoes a drain or a pause.
 */
export const AGENT_CONTROL_ACTIONS = ['drain', 'pause', 'resume', 'stop'] as const;
export type AgentControlAction = (typeof AGENT_CONTROL_ACTIONS)[number];

@MessageType('warden.agent.control.v1', { maxBytes: 4 * 1024 })
export class AgentControlCommand {
  @IsIdToken() commandId!: string;
  @IsOneOf(AGENT_CONTROL_ACTIONS) action!: AgentControlAction;
  @IsIdToken() agentId!: string;
  /** Only the current incarnation obeys; a command for an older process is refused. */
  @IsPositiveCount() incarnation!: number;
  /** The issuer's leadership token when it acts as a singleton; receivers refuse lower tokens. */
  @IsOptional() @IsCount() fencingToken?: number;
  /** For `drain` and `stop`: how long in-flight work may take before the agent gives up on it. */
  @IsOptional() @IsCount() graceMs?: number;
  @IsBoundedText(MessageLimits.summaryLength) reason!: string;
  @IsIdToken() issuedBy!: string;
  @IsTimestamp() issuedAt!: string;
}
