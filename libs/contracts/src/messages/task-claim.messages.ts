import { MessageType } from '../registry/message-type.registry';
import { IsIdToken, IsIdTokenArray } from './common/field-rules';

/** Task ids at most in one claim query: a hand-off names at most 256. */
export const TASK_CLAIM_QUERY_MAX_IDS = 256;

/**
 * Asked of one load-balancer replica (`coordination.tasks.claims.<instanceId>`) by another that got a
 * hand-off naming tasks the first one claimed: which of them does it still run? "No responders" means
 * the replica is gone, and the asker takes the claims over.
 */
@MessageType('warden.task.claim-query.v1', { maxBytes: 48 * 1024 })
export class TaskClaimQuery {
  @IsIdTokenArray(TASK_CLAIM_QUERY_MAX_IDS) taskIds!: string[];
  @IsIdToken() askedBy!: string;
}

/** The answer: the queried task ids the replica runs now (it re-dispatches them itself). */
@MessageType('warden.task.claim-status.v1', { maxBytes: 48 * 1024 })
export class TaskClaimStatus {
  @IsIdToken() instanceId!: string;
  @IsIdTokenArray(TASK_CLAIM_QUERY_MAX_IDS) running!: string[];
}
