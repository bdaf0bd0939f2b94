import type { KV } from '@nats-io/kv';
import { AgentRegistryKeys, type AgentHealthRecord } from '@warden/contracts';
import { ConcurrencyLimiter } from '../consuming/concurrency-limiter';
import { CorruptRegistryRecordError, decodeAgentRecord } from './agent-record-decoding';

/**
 * Reads the health collector's registry (KV bucket `agents`) one partition at a time: what a service
 * that just took a heartbeat partition over needs to know about that partition's agents. A corrupt
 * value is reported and skipped, never fatal.
 */
export class AgentRegistryReader {
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
      return decodeAgentRecord(key, entry.value);
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
