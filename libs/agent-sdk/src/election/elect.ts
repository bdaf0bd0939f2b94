import { Kvm } from '@nats-io/kv';
import { Buckets } from '@warden/contracts';
import {
  KvLeaseStore,
  LeaderElection,
  type Leadership,
  type LeadershipLossReason,
  type NatsClient,
} from '@warden/messaging';

export interface ElectOptions {
  /** This candidate's id: the agent id, so the coordinator can revoke the lease when the agent is convicted. */
  candidateId: string;
  /** Default 15 s; 2 s gives failover in about 2.2 s at the cost of more KV traffic. */
  ttlMs?: number;
  onError?: (error: Error, during: string) => void;
}

/** A won election: pass `fencingToken` with every effect made as leader. */
export interface LeaderHandle extends Leadership {
  /** Still leader now (a partitioned leader stops being one a TTL after its last confirmed renewal). */
  isLeader(): boolean;
  /** Called once when leadership ends: resigned, superseded, revoked (holder convicted) or expired. */
  onLost(listener: (reason: LeadershipLossReason) => void): void;
  resign(): Promise<void>;
}

export const DEFAULT_ELECTION_TTL_MS = 15_000;

/**
 * Campaigns for `domain` and resolves once elected (etcd's Campaign). Uses the `coordination` bucket,
 * which the consensus coordinator creates. Campaigning stops with the handle's `resign`, or with
 * `signal`, which also rejects a campaign still waiting.
 */
export async function elect(
  client: NatsClient,
  domain: string,
  options: ElectOptions,
  signal?: AbortSignal,
): Promise<LeaderHandle> {
  const kv = await new Kvm(client.connection).open(Buckets.coordination.name);
  const election = new LeaderElection({
    store: new KvLeaseStore(kv),
    domain,
    candidateId: options.candidateId,
    ttlMs: options.ttlMs ?? DEFAULT_ELECTION_TTL_MS,
    onError: options.onError,
  });
  const lostListeners: Array<(reason: LeadershipLossReason) => void> = [];
  election.onLost((reason) => {
    for (const listener of lostListeners.splice(0)) listener(reason);
    // One handle is one term: after losing, the candidate does not silently campaign again.
    void election.stop();
  });
  const aborted = new Promise<never>((_, reject) => {
    signal?.addEventListener('abort', () => {
      void election.stop();
      reject(signal.reason ?? new Error(`campaign for ${domain} aborted`));
    });
  });
  const leadership = await Promise.race([election.campaign(), aborted]);
  return {
    ...leadership,
    isLeader: () => election.isLeader(),
    onLost: (listener) => lostListeners.push(listener),
    resign: () => election.resign(),
  };
}
