import type { AgentEntry } from './agent-entry';

/**
 * When an agent's record is worth rewriting in the registry bucket. State changes are written at once
 * elsewhere; between them a record is rewritten only when its figures moved enough to matter to a
 * reader (a router, an operator) or when it is older than `maxAgeMs`. Ten thousand steady agents beating
 * every second thus cost a few hundred writes a second, not ten thousand.
 */
export interface SnapshotPolicy {
  maxAgeMs: number;
  /** Absolute change of cpuRatio / errorRatio / memory-to-limit ratio that is worth a write. */
  ratioChange: number;
  /** Relative change of latency or memory that is worth a write. */
  relativeChange: number;
}

export const DEFAULT_SNAPSHOT_POLICY: SnapshotPolicy = {
  maxAgeMs: 30_000,
  ratioChange: 0.05,
  relativeChange: 0.2,
};

export function snapshotDue(entry: AgentEntry, now: number, policy: SnapshotPolicy): boolean {
  const written = entry.written;
  if (!written) return true;
  if (now - written.at >= policy.maxAgeMs) return true;
  const before = written.load;
  const after = entry.load;
  if (before.capacity !== after.capacity || before.inFlightTasks !== after.inFlightTasks) return true;
  if (before.queueDepth !== after.queueDepth) return true;
  if (Math.abs(after.cpuRatio - before.cpuRatio) >= policy.ratioChange) return true;
  if (Math.abs(after.errorRatio - before.errorRatio) >= policy.ratioChange) return true;
  if (movedRelatively(before.latencyEwmaMs, after.latencyEwmaMs, policy.relativeChange)) return true;
  return movedRelatively(before.memoryBytes, after.memoryBytes, policy.relativeChange);
}

function movedRelatively(before: number, after: number, threshold: number): boolean {
  if (before === after) return false;
  const base = Math.max(Math.abs(before), 1);
  return Math.abs(after - before) / base >= threshold;
}
