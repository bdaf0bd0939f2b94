import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsIdToken, IsNested, IsPositiveCount, IsTimestamp } from './common/field-rules';
import { RecoveryReason } from './recovery.messages';

/**
 * An agent taken out of routing (`quarantined: true`) or put back, on `supervision.quarantine.<agentId>`:
 * the load balancer sends it no new work until `until`, a later release, or a new incarnation.
 */
@MessageType('warden.recovery.quarantine.v1', { maxBytes: 4 * 1024 })
export class AgentQuarantine {
  @IsIdToken() agentId!: string;
  @IsIdToken() hostId!: string;
  @IsPositiveCount() incarnation!: number;
  @IsBoolean() quarantined!: boolean;
  /** When the quarantine lifts by itself; absent on a release. */
  @IsOptional() @IsTimestamp() until?: string;
  @IsNested(() => RecoveryReason) reason!: RecoveryReason;
  @IsIdToken() decidedBy!: string;
  @IsTimestamp() decidedAt!: string;
}
