import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsIntegerBetween,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/** Request for `units` of a counted resource (a quota, a pool of licences) for at most `ttlMs`. */
@MessageType('warden.resource.request.v1', { maxBytes: 2 * 1024 })
export class ResourceRequest {
  @IsIdToken() requestId!: string;
  @IsIdToken() resourceType!: string;
  @IsIdToken() requesterId!: string;
  @IsPositiveCount() units!: number;
  @IsIntegerBetween(1000, 24 * 60 * 60 * 1000) ttlMs!: number;
}

@MessageType('warden.resource.grant.v1', { maxBytes: 2 * 1024 })
export class ResourceGrant {
  @IsIdToken() requestId!: string;
  @IsIdToken() resourceType!: string;
  @IsBoolean() granted!: boolean;
  @IsCount() unitsGranted!: number;
  @IsOptional() @IsCount() fencingToken?: number;
  @IsOptional() @IsTimestamp() expiresAt?: string;
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) reason?: string;
}
