import { IsBoolean, IsOptional } from 'class-validator';
import { MessageType } from '../registry/message-type.registry';
import { IsBoundedText, IsIdToken, IsTimestamp } from './common/field-rules';
import { MessageLimits } from './common/limits';

/**
 * The reply to a command sent by request/reply (recovery command, agent control, task dispatch, lock
 * release): whether the receiver took it on. For a task dispatch the command id is the task id.
 */
@MessageType('warden.command.receipt.v1', { maxBytes: 4 * 1024 })
export class CommandReceipt {
  @IsIdToken() commandId!: string;
  @IsBoolean() accepted!: boolean;
  /** Why it was refused ("stale fencing token 41 < 42", "draining"); absent when accepted. */
  @IsOptional() @IsBoundedText(MessageLimits.summaryLength) reason?: string;
  @IsIdToken() receivedBy!: string;
  @IsTimestamp() receivedAt!: string;
}
