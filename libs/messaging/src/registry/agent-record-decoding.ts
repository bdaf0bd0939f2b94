import { AgentHealthRecord, AgentRegistryKeys, parseMessage } from '@warden/contracts';

/** A registry value that is not a valid record of the agent its key names. */
export class CorruptRegistryRecordError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`registry record ${key}: ${reason}`);
    this.name = 'CorruptRegistryRecordError';
  }
}

const decoder = new TextDecoder();

/** Decodes and validates one value of the `agents` bucket; the record must belong to the agent its key names. */
export function decodeAgentRecord(key: string, value: Uint8Array): AgentHealthRecord {
  let record: AgentHealthRecord;
  try {
    record = parseMessage(AgentHealthRecord, JSON.parse(decoder.decode(value)) as unknown);
  } catch (error) {
    throw new CorruptRegistryRecordError(key, (error as Error).message);
  }
  if (record.agentId !== AgentRegistryKeys.agentIdOf(key)) {
    throw new CorruptRegistryRecordError(key, `holds the record of ${record.agentId}`);
  }
  return record;
}
