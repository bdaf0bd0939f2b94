// The gate moved to contracts so every host (this SDK's AgentHost, the Kubernetes host adapter) shares it.
export { CommandGate, type FencedCommand, type GateVerdict } from '@warden/contracts';
