import type { KV } from '@nats-io/kv';
import { AgentHealthRecord, AgentRegistryKeys, parseMessage } from '@warden/contracts';
import { ConcurrencyLimiter } from '@warden/messaging';

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

/**
 * Reads the health collector's registry (KV bucket `agents`) one partition at a time, to learn which
 * agents a partition that was just taken over holds. Read-only: the collector owns the bucket.
 */
export class AgentRegistryReader {
  private readonly decoder = new TextDecoder();
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly kv: KV,
    private readonly onCorrupt: (error: CorruptRegistryRecordError) => void,
    concurrency = 64,
  ) {
    this.limiter = new ConcurrencyLimiter(concurrency);
  }

  async loadPartition(partition: number): Promise<AgentHealthRecord[]> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys(AgentRegistryKeys.ofPartition(partition))) keys.push(key);
    const records = await Promise.all(keys.map((key) => this.read(key)));
    return records.filter((record): record is AgentHealthRecord => record !== undefined);
  }

  private async read(key: string): Promise<AgentHealthRecord | undefined> {
    const release = await this.limiter.acquire();
    try {
      const entry = await this.kv.get(key);
      if (!entry || entry.operation !== 'PUT') return undefined;
      const record = parseMessage(AgentHealthRecord, JSON.parse(this.decoder.decode(entry.value)) as unknown);
      if (record.agentId !== AgentRegistryKeys.agentIdOf(key))
        throw new CorruptRegistryRecordError(key, `holds the record of ${record.agentId}`);
      return record;
    } catch (error) {
      this.onCorrupt(
        error instanceof CorruptRegistryRecordError
          ? error
          : new CorruptRegistryRecordError(key, (error as Error).message),
      );
      return undefined;
    } finally {
      release();
    }
  }
}
