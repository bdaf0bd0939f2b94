import { AgentRegistryKeys, type AgentHealthRecord } from '@warden/contracts';
import { BucketMirror } from '../kv/bucket-mirror';
import type { KvBucket } from '../kv/kv-bucket';
import { CorruptRegistryRecordError, decodeAgentRecord } from './agent-record-decoding';

/** Where a watch of the registry delivers: the fleet view of a collector, the membership of pattern detection… */
export interface AgentRegistrySink {
  put(record: AgentHealthRecord): void;
  remove(agentId: string): void;
}

/** A mirror of the `agents` bucket: validated records by agent id. */
export type AgentRegistryWatch = BucketMirror<AgentHealthRecord>;

/**
 * Keeps `sink` equal to the `agents` bucket (see BucketMirror for when it is caught up). A record that is
 * not a valid record of the agent its key names is reported and skipped.
 */
export function watchAgentRegistry(
  agents: KvBucket,
  sink: AgentRegistrySink,
  onCorrupt: (error: CorruptRegistryRecordError) => void,
): AgentRegistryWatch {
  return new BucketMirror<AgentHealthRecord>(agents.kv, {
    decode: decodeAgentRecord,
    sink: {
      put: (_key, record) => sink.put(record),
      remove: (key) => sink.remove(AgentRegistryKeys.agentIdOf(key)),
    },
    onCorrupt: (key, error) =>
      onCorrupt(
        error instanceof CorruptRegistryRecordError
          ? error
          : new CorruptRegistryRecordError(key, error.message),
      ),
  });
}
