import type { AgentHealthRecord } from '@warden/contracts';
import type { AgentRegistrySink } from '@warden/messaging';

/**
 * The whole `agents` bucket in memory, kept current by messaging's AgentRegistryWatch: who is in which
 * group (capabilities), on which host and zone, which incarnation runs, and its in-flight work.
 */
export class FleetRegistryView implements AgentRegistrySink {
  private readonly records = new Map<string, AgentHealthRecord>();
  private readonly listeners = new Set<(record: AgentHealthRecord) => void>();
  private replayed: () => boolean = () => false;

  get size(): number {
    return this.records.size;
  }

  /**
   * Whether the bucket's replay is done, so an agent missing here is really gone (not yet read). Until a
   * source is given (`caughtUpWhen`), never: nothing may be concluded from an absence.
   */
  get caughtUp(): boolean {
    return this.replayed();
  }

  caughtUpWhen(replayed: () => boolean): void {
    this.replayed = replayed;
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
