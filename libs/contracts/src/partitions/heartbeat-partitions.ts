import { InvalidSubjectTokenError } from '../ids/invalid-subject-token.error';

/**
 * How many partitions the per-agent state is split into (ARCHITECTURE §4). Changing it moves most agents
 * to another partition, so it is a breaking change of the heartbeat subject, not a tuning knob.
 */
export const HEARTBEAT_PARTITIONS = 64;

const FNV_OFFSET_BASIS_32 = 0x811c9dc5;
const FNV_PRIME_32 = 0x01000193;

/**
 * The partition an agent's heartbeats are published on: FNV-1a (32 bit) of the id's UTF-8 bytes, modulo
 * the partition count. Every publisher and consumer, in any language, must compute the same value, hence
 * a fixed, simple, well-specified hash instead of anything runtime-dependent.
 */
export function partitionOf(agentId: string, partitions: number = HEARTBEAT_PARTITIONS): number {
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new RangeError(`partitions must be a positive integer, got ${partitions}`);
  }
  let hash = FNV_OFFSET_BASIS_32;
  for (const byte of new TextEncoder().encode(agentId)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME_32) >>> 0;
  }
  return hash % partitions;
}

export function assertPartition(partition: number, partitions: number = HEARTBEAT_PARTITIONS): number {
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
    throw new InvalidSubjectTokenError('partition', partition, `an integer in [0, ${partitions - 1}]`);
  }
  return partition;
}
