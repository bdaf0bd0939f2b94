import { ConsensusDecided, parseMessage } from '@warden/contracts';
import type { KvBucket, KvRecords } from '@warden/messaging';

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
  private readonly records: KvRecords<ConsensusDecided>;

  constructor(consensus: KvBucket) {
    this.records = consensus.records((value) => parseMessage(ConsensusDecided, value));
  }

  async get(instanceId: string): Promise<ConsensusDecided | undefined> {
    return (await this.records.get(decisionKey(instanceId)))?.value;
  }

  /** Records the decision, or returns the one recorded first (another replica learned it too). */
  async record(decision: ConsensusDecided): Promise<ConsensusDecided> {
    const { stored } = await this.records.createOnce(decisionKey(decision.instanceId), decision);
    if (stored.value.value !== decision.value) {
      throw new ConflictingDecisionError(decision.instanceId, stored.value.value, decision.value);
    }
    return stored.value;
  }
}
