import { IsBase64, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import {
  IsBoundedText,
  IsCount,
  IsIdToken,
  IsNestedArray,
  IsOneOf,
  IsPositiveCount,
  IsTimestamp,
} from './common/field-rules';
import { MessageLimits } from './common/limits';

/** Why a message was given up on: unreadable bytes, invalid content, too many failed deliveries, or a handler error. */
export const DEAD_LETTER_REASONS = ['decode', 'validation', 'max-deliver', 'handler'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** At most this much of the original body is kept (oversize bodies are one reason messages die). */
export const DEAD_LETTER_BODY_MAX_BYTES = 256 * 1024;
export const DEAD_LETTER_PREVIEW_MAX_CHARS = 1024;

/** One header of the original message; repeated names keep NATS's multi-valued headers. */
export class DeadLetterHeader {
  @IsBoundedText(256) name!: string;
  @IsString() @MaxLength(8 * 1024) value!: string;
}

/** One reason the message failed: a validation issue (with its path and rule) or an error. */
export class DeadLetterError {
  /** Dotted path of the offending field; empty for errors about the whole message. */
  @IsString() @MaxLength(512) path!: string;
  /** The failed rule (`maxLength`) or the error's name (`TimeoutError`). */
  @IsBoundedText(128) constraint!: string;
  @IsBoundedText(MessageLimits.detailLength) message!: string;
}

/** What `dlq.<service>` holds for each message a service could not process; durable for inspection and replay. */
@MessageType('warden.dlq.dead-letter.v1', { maxBytes: 512 * 1024 })
export class DeadLetter {
  @IsIdToken() service!: string;
  @IsBoundedText(1024) originalSubject!: string;
  @IsNestedArray(() => DeadLetterHeader, 256)
  headers!: DeadLetterHeader[];
  /** The original body (at most DEAD_LETTER_BODY_MAX_BYTES of it), base64, so undecodable bytes survive. */
  @IsString() @IsBase64() @MaxLength(Math.ceil(DEAD_LETTER_BODY_MAX_BYTES / 3) * 4) bodyBase64!: string;
  /** The body's first characters as UTF-8 (invalid sequences replaced), for people reading the queue. */
  @IsString() @MaxLength(DEAD_LETTER_PREVIEW_MAX_CHARS) bodyPreview!: string;
  @IsCount() bodyBytes!: number;
  @IsBoolean() bodyTruncated!: boolean;
  @IsOneOf(DEAD_LETTER_REASONS) reason!: DeadLetterReason;
  @IsNestedArray(() => DeadLetterError, 100)
  errors!: DeadLetterError[];
  /** 1 for core NATS messages; the JetStream delivery count otherwise. */
  @IsPositiveCount() deliveryCount!: number;
  /** Where the original came from when it was a JetStream message, so it can be found or replayed. */
  @IsOptional() @IsIdToken() stream?: string;
  @IsOptional() @IsPositiveCount() streamSequence?: number;
  @IsOptional() @IsIdToken() consumer?: string;
  @IsTimestamp() receivedAt!: string;
}
