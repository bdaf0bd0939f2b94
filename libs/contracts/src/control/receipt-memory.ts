import { MessageLimits } from '../messages/common/limits';
import { CommandReceipt } from '../messages/command-receipt.messages';

/**
 * The receipts of recently handled commands by id, so a command the sender retried (its reply was lost)
 * gets the first answer again instead of acting twice.
 */
export class ReceiptMemory {
  private readonly receipts = new Map<string, CommandReceipt>();

  constructor(private readonly capacity = 256) {}

  recall(commandId: string): CommandReceipt | undefined {
    return this.receipts.get(commandId);
  }

  remember(receipt: CommandReceipt): CommandReceipt {
    this.receipts.set(receipt.commandId, receipt);
    while (this.receipts.size > this.capacity)
      this.receipts.delete(this.receipts.keys().next().value as string);
    return receipt;
  }
}

/** A receipt instance (the responder encodes a reply by its class); `refusal` absent means accepted. */
export function commandReceipt(commandId: string, receivedBy: string, refusal?: string): CommandReceipt {
  const receipt = new CommandReceipt();
  receipt.commandId = commandId;
  receipt.accepted = refusal === undefined;
  if (refusal !== undefined) receipt.reason = refusal.slice(0, MessageLimits.summaryLength);
  receipt.receivedBy = receivedBy;
  receipt.receivedAt = new Date().toISOString();
  return receipt;
}
