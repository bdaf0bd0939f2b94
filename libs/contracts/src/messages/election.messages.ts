import { IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsCount, IsIdToken, IsNestedArray, IsPositiveCount, IsTimestamp } from './common/field-rules';

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

/** Who leads which domain now; `domain` narrows the answer to one. */
@MessageType('warden.election.leaders-query.v1', { maxBytes: 1024 })
export class ElectionLeadersQuery {
  @IsOptional() @IsIdToken() domain?: string;
}

export class DomainLeader {
  @IsIdToken() domain!: string;
  @IsIdToken() leaderId!: string;
  @IsCount() fencingToken!: number;
  @IsPositiveCount() leaseTtlMs!: number;
  @IsTimestamp() renewedAt!: string;
}

@MessageType('warden.election.leaders.v1', { maxBytes: 512 * 1024 })
export class ElectionLeaders {
  @IsNestedArray(() => DomainLeader, 2000) leaders!: DomainLeader[];
}
