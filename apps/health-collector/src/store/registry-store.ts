import type { KV } from '@nats-io/kv';
import { AgentRegistryKeys, type AgentHealthRecord } from '@warden/contracts';
import { ConcurrencyLimiter } from '@warden/messaging';

/**
 * The collector's writes to the `agents` KV bucket, the registry's durable copy: a record on every state
 * change and when a snapshot is due, deletes for forgotten agents. Writes run at most `concurrency` at
 * once so a snapshot of ten thousand agents never floods the server. (Reading back, on a partition
 * takeover, is messaging's AgentRegistryReader, shared with the failure detector.)
 */
export class RegistryStore {
  private readonly encoder = new TextEncoder();
  private readonly limiter: ConcurrencyLimiter;

  constructor(
    private readonly kv: KV,
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

  private async limited<T>(operation: () => Promise<T>): Promise<T> {
    const release = await this.limiter.acquire();
    try {
      return await operation();
    } finally {
      release();
    }
  }
}
