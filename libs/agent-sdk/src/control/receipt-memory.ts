// Moved to contracts so every host (this SDK's AgentHost, the Kubernetes host adapter) shares it.
export { commandReceipt, ReceiptMemory } from '@warden/contracts';
