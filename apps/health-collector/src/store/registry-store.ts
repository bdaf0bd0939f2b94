import type { KV } from '@nats-io/kv';
import {
  AgentHealthRecord,
  AgentRegistryKeys,
  MessageValidationError,
  parseMessage,
} from '@warden/contracts';
import { ConcurrencyLimiter } from '@warden/messaging';

export interface RegistryStoreEvents {
  /** A stored value that is not a valid record (written by a buggy or newer writer): skipped, reported. */
  onCorruptRecord(key: string, error: Error): void;
}

/**
 * The `agents` KV bucket as the registry's durable copy: written on every state change and in coalesced
 * snapshots, read back when a replica takes a partition over. Writes run at most `concurrency` at once
 * so a snapshot of ten thousand agents never floods the server.
 */
export class RegistryStore {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly kv: KV,
    private readonly events: RegistryStoreEvents,
    concurrency = 64,
  ) {
    this.limiter = new ConcurrencyLimiter(concurrency);
  }

  async write(records: readonly AgentHealthRecord[]): Promise<void> {
    await Promise.all(
      records.map((record) =>
        this.limited(() =>
          this.kv.put(AgentRegistryKeys.of(record.agentId), this.encoder.encode(JSON.stringify(record))),
        ),
      ),
    );
  }

  async remove(agentIds: readonly string[]): Promise<void> {
    await Promise.all(
      agentIds.map((agentId) => this.limited(() => this.kv.delete(AgentRegistryKeys.of(agentId)))),
    );
  }

  async loadPartition(partition: number): Promise<AgentHealthRecord[]> {
    const keys: string[] = [];
    for await (const key of await this.kv.keys(AgentRegistryKeys.ofPartition(partition))) keys.push(key);
    const records = await Promise.all(keys.map((key) => this.limited(() => this.read(key))));
    return records.filter((record): record is AgentHealthRecord => record !== undefined);
  }

  /** Decodes one stored value; undefined for a deleted key or a corrupt value (reported). */
  decode(key: string, value: Uint8Array): AgentHealthRecord | undefined {
    try {
      const record = parseMessage(AgentHealthRecord, JSON.parse(this.decoder.decode(value)) as unknown);
      if (record.agentId !== AgentRegistryKeys.agentIdOf(key))
        throw new Error(`record of ${record.agentId} stored under ${key}`);
      return record;
    } catch (error) {
      this.events.onCorruptRecord(
        key,
        error instanceof MessageValidationError || error instanceof Error ? error : new Error(String(error)),
      );
      return undefined;
    }
  }

  private async limited<T>(operation: () => Promise<T>): Promise<T> {
    const release = await this.limiter.acquire();
    try {
      return await operation();
    } finally {
      release();
    }
  }

  private async read(key: string): Promise<AgentHealthRecord | undefined> {
    const entry = await this.kv.get(key);
    if (!entry || entry.operation !== 'PUT') return undefined;
    return this.decode(key, entry.value);
  }
}
