import { MessageType } from '../registry/message-type.registry';
import { IsCount, IsIdToken, IsPositiveCount, IsTimestamp } from './common/field-rules';

/**
 * A new leader of an election domain (one per singleton role, e.g. `alert-sender`). Leadership is a
 * lease in the `leases` bucket; `fencingToken` is that lease's KV revision, which only grows, so every
 * effect a leader causes carries it and receivers refuse lower ones.
 */
@MessageType('warden.election.leader-elected.v1', { maxBytes: 2 * 1024 })
export class LeaderElected {
  @IsIdToken() domain!: string;
  @IsIdToken() leaderId!: string;
  @IsCount() fencingToken!: number;
  @IsPositiveCount() leaseTtlMs!: number;
  @IsTimestamp() electedAt!: string;
}
