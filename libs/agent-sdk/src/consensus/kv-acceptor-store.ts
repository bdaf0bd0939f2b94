import type { KV } from '@nats-io/kv';
import type { AcceptorState, AcceptorStore } from './acceptor-store';

export const acceptorKey = (acceptorId: string, instanceId: string): string =>
  `acceptor.${acceptorId}.${instanceId}`;

/** Acceptor memory in the `consensus` bucket; a put resolves once JetStream has stored (and replicated) it. */
export class KvAcceptorStore implements AcceptorStore {
  constructor(
    private readonly kv: KV,
    private readonly acceptorId: string,
  ) {}

  async load(instanceId: string): Promise<AcceptorState | undefined> {
    const entry = await this.kv.get(acceptorKey(this.acceptorId, instanceId));
    if (!entry || entry.operation !== 'PUT') return undefined;
    return entry.json<AcceptorState>();
  }

  async save(instanceId: string, state: AcceptorState): Promise<void> {
    await this.kv.put(acceptorKey(this.acceptorId, instanceId), JSON.stringify(state));
  }
}
