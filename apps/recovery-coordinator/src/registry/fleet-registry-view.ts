import type { AgentHealthRecord } from '@warden/contracts';
import type { AgentRegistrySink } from '@warden/messaging';

/**
 * The whole `agents` bucket in memory, kept current by messaging's AgentRegistryWatch: who is in which
 * group (capabilities), on which host and zone, which incarnation runs, and its in-flight work.
 */
export class FleetRegistryView implements AgentRegistrySink {
  private readonly records = new Map<string, AgentHealthRecord>();
  private readonly listeners = new Set<(record: AgentHealthRecord) => void>();

  get size(): number {
    return this.records.size;
  }

  put(record: AgentHealthRecord): void {
    this.records.set(record.agentId, record);
    for (const listener of this.listeners) listener(record);
  }

  remove(agentId: string): void {
    this.records.delete(agentId);
  }

  get(agentId: string): AgentHealthRecord | undefined {
    return this.records.get(agentId);
  }

  all(): IterableIterator<AgentHealthRecord> {
    return this.records.values();
  }

  onPut(listener: (record: AgentHealthRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
