import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsBoundedText, IsIdToken, IsNestedArray, IsOneOf } from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * Error codes a responder may send instead of the normal reply. `conflict`: the request lost a race
 * (compare-and-set, lease held); `stale-fencing-token`: the sender is no longer the leader.
 */
export const REMOTE_ERROR_CODES = [
  'validation',
  'not-found',
  'conflict',
  'stale-fencing-token',
  'unavailable',
  'timeout',
  'rejected',
  'internal',
] as const;
export type RemoteErrorCode = (typeof REMOTE_ERROR_CODES)[number];

/** A validation issue on the wire (same shape as ValidationIssue). */
export class RemoteValidationIssue {
  @IsString() @MaxLength(512) path!: string;
  @IsBoundedText(128) constraint!: string;
  @IsBoundedText(MessageLimits.detailLength) message!: string;
}

/**
 * The reply a request/reply responder sends when it cannot answer; recognised by its `ce-type`
 * (`warden.error.v1`), so any request may be answered with it.
 */
@MessageType('warden.error.v1', { maxBytes: 64 * 1024 })
export class RemoteError {
  @IsOneOf(REMOTE_ERROR_CODES) code!: RemoteErrorCode;
  @IsBoundedText(MessageLimits.detailLength) message!: string;
  /** Filled for `validation`: every problem found in the request. */
  @IsNestedArray(() => RemoteValidationIssue, 100)
  issues!: RemoteValidationIssue[];
  /** The `ce-type` of the request that failed, when it was readable. */
  @IsOptional() @IsBoundedText(256) requestType?: string;
  @IsIdToken() respondedBy!: string;
}
