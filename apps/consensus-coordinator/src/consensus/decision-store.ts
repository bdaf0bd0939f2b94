import type { KV } from '@nats-io/kv';
import { ConsensusDecided, parseMessage } from '@warden/contracts';
import { isRevisionConflict } from '@warden/messaging';

export const decisionKey = (instanceId: string): string => `decision.${instanceId}`;

/** Thrown if two different values were ever recorded for one instance: Paxos would be broken. */
export class ConflictingDecisionError extends Error {
  constructor(
    readonly instanceId: string,
    readonly recorded: string,
    readonly offered: string,
  ) {
    super(`consensus ${instanceId}: decided ${recorded} already, refusing to record ${offered}`);
    this.name = 'ConflictingDecisionError';
  }
}

/** Decisions in the `consensus` bucket: written once (create), read by queries and later proposals. */
export class DecisionStore {
  constructor(private readonly kv: KV) {}

  async get(instanceId: string): Promise<ConsensusDecided | undefined> {
    const entry = await this.kv.get(decisionKey(instanceId));
    if (!entry || entry.operation !== 'PUT') return undefined;
    return parseMessage(ConsensusDecided, entry.json<unknown>());
  }

  /** Records the decision, or returns the one recorded first (another replica learned it too). */
  async record(decision: ConsensusDecided): Promise<ConsensusDecided> {
    try {
      await this.kv.create(decisionKey(decision.instanceId), JSON.stringify(decision));
      return decision;
    } catch (error) {
      if (!isRevisionConflict(error)) throw error;
      const recorded = await this.get(decision.instanceId);
      if (!recorded) throw error;
      if (recorded.value !== decision.value) {
        throw new ConflictingDecisionError(decision.instanceId, recorded.value, decision.value);
      }
      return recorded;
    }
  }
}
