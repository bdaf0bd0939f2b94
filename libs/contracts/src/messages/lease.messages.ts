import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsCount, IsIdToken, IsPositiveCount, IsTimestamp } from './common/field-rules';

/**
 * The value of a key in the `leases` bucket (`election.<domain>`, `lock.<name>`, `partition.<service>.<n>`).
 * The key's KV revision at acquisition is the holder's fencing token.
 */
@MessageType('warden.lease.record.v1', { maxBytes: 1024 })
export class LeaseRecord {
  @IsIdToken() holderId!: string;
  @IsTimestamp() acquiredAt!: string;
  @IsTimestamp() renewedAt!: string;
  /**
   * The holder's fencing token (the revision of the write that gave it the lease), stamped from the first
   * renewal on so readers learn it although renewals move the key's revision.
   */
  @IsOptional() @IsCount() fencingToken?: number;
  /** The lease's TTL, so observers can tell a live holder from a silent one without knowing its config. */
  @IsOptional() @IsPositiveCount() ttlMs?: number;
}
