import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsCount,
  IsIdToken,
  IsIdTokenArray,
  IsNested,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { RecoveryReason } from './recovery.messages';

/** In-flight task ids one hand-off names at most; the count says when there were more. */
export const HANDOFF_TASK_IDS = 256;

/**
 * The work of a failed agent is to be re-dispatched: published by the recovery coordinator on
 * `coordination.tasks.handoff.<agentId>` when it gives up on the running process (restart, replacement,
 * a dead zone), for the load balancer to re-assign the agent's in-flight tasks to healthy peers.
 */
@MessageType('warden.recovery.handoff.v1', { maxBytes: 48 * 1024 })
export class WorkHandoff {
  /** Derived from the agent and the failed incarnation: one hand-off per lost process. */
  @IsIdToken() handoffId!: string;
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  /** The incarnation whose work is lost; tasks assigned to a later one are not part of it. */
  @IsPositiveCount() incarnation!: number;
  /** Tasks assigned to the incarnation without a result yet, when the coordinator could read them. */
  @IsOptional() @IsIdTokenArray(HANDOFF_TASK_IDS) taskIds?: string[];
  /** In-flight tasks the agent's last heartbeat reported, when the registry knows it. */
  @IsOptional() @IsCount() inFlightTaskCount?: number;
  @IsNested(() => RecoveryReason) reason!: RecoveryReason;
  @IsIdToken() issuedBy!: string;
  @IsTimestamp() issuedAt!: string;
}
