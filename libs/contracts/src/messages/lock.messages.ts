import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIntegerBetween,
  IsOneOf,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

const HOUR_MS = 60 * 60 * 1000;

/**
 * `exclusive`: one holder. `shared`: any number of shared holders at once (readers), or at most
 * `maxHolders` of them, which makes the lock an N-holder semaphore. An exclusive request waits for every
 * shared holder and blocks later shared requests (waiters are served first come, first served).
 */
export const LOCK_MODES = ['exclusive', 'shared'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

/** Request to take the lock named in the subject, waiting up to `waitMs` for it. */
@MessageType('warden.lock.acquire.v1', { maxBytes: 2 * 1024 })
export class LockAcquire {
  @IsIdToken() lockName!: string;
  @IsIdToken() holderId!: string;
  /** The lock is released by itself when not renewed within this time. */
  @IsIntegerBetween(1000, HOUR_MS) ttlMs!: number;
  @IsIntegerBetween(0, 60 * 1000) waitMs!: number;
  /** Default `exclusive`. */
  @IsOptional() @IsOneOf(LOCK_MODES) mode?: LockMode;
  /** Shared mode only: the semaphore's size. Every request on one lock must give the same value. */
  @IsOptional() @IsIntegerBetween(1, 10_000) maxHolders?: number;
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
