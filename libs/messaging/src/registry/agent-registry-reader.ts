import type { KV } from '@nats-io/kv';
import { AgentRegistryKeys, type AgentHealthRecord } from '@warden/contracts';
import { ConcurrencyLimiter } from '../consuming/concurrency-limiter';
import { CorruptRegistryRecordError, decodeAgentRecord } from './agent-record-decoding';

/**
 * Reads the health collector's registry (KV bucket `agents`) one partition at a time: what a service
 * that just took a heartbeat partition over needs to know about that partition's agents. A corrupt
 * value is reported and skipped, never fatal. A read that fails (a timeout, no responders while a NATS
 * node is lost) rejects the whole load instead: skipping it would drop a live record — the agent would
 * go unwatched, and a dead one never convicted — so the takeover fails and is retried.
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
      if (!(error instanceof CorruptRegistryRecordError)) throw error;
      this.onCorrupt(error);
      return undefined;
    } finally {
      release();
    }
  }
}
