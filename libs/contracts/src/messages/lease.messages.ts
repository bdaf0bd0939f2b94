import { MessageType } from '../registry/message-type.registry';
import { IsIdToken, IsTimestamp } from './common/field-rules';

/**
 * The value of a key in the `leases` bucket (`election.<domain>`, `lock.<name>`, `partition.<service>.<n>`).
 * The key's KV revision at acquisition is the holder's fencing token.
 */
@MessageType('warden.lease.record.v1', { maxBytes: 1024 })
export class LeaseRecord {
  @IsIdToken() holderId!: string;
  @IsTimestamp() acquiredAt!: string;
  @IsTimestamp() renewedAt!: string;
}
