import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsBoundedText, IsCount, IsIdToken, IsIntegerBetween, IsTimestamp } from './common/field-rules';
import { MessageLimits } from './common/limits';

const HOUR_MS = 60 * 60 * 1000;

/** Request to take the lock named in the subject, waiting up to `waitMs` for it. */
@MessageType('warden.lock.acquire.v1', { maxBytes: 2 * 1024 })
export class LockAcquire {
  @IsIdToken() lockName!: string;
  @IsIdToken() holderId!: string;
  /** The lock is released by itself when not renewed within this time. */
  @IsIntegerBetween(1000, HOUR_MS) ttlMs!: number;
  @IsIntegerBetween(0, 60 * 1000) waitMs!: number;
}

/** Reply to LockAcquire; also answers a renewal (an acquire by the current holder). */
@MessageType('warden.lock.grant.v1', { maxBytes: 2 * 1024 })
export class LockGrant {
  @IsIdToken() lockName!: string;
  @IsBoolean() granted!: boolean;
  @IsIdToken() holderId!: string;
  /** Present when granted: pass it with every effect made under the lock. */
  @IsOptional() @IsCount() fencingToken?: number;
  @IsOptional() @IsTimestamp() expiresAt?: string;
  /** Present when refused: who holds the lock. */
  @IsOptional() @IsIdToken() currentHolderId?: string;
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) reason?: string;
}

/** Request to give the lock back early; answered with CommandReceipt (command id = lock name). */
@MessageType('warden.lock.release.v1', { maxBytes: 2 * 1024 })
export class LockRelease {
  @IsIdToken() lockName!: string;
  @IsIdToken() holderId!: string;
  @IsCount() fencingToken!: number;
}
