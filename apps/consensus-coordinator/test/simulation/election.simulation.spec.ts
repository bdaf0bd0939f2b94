import { LeaderElection, revokeLeadershipsOf } from '@warden/messaging';
import { LossyNetwork, STABLE_NETWORK } from './lossy-network';
import { SeededRandom } from '@warden/agent-sdk';
import { SimulatedKv } from './simulated-lease-store';
import { VirtualScheduler } from './virtual-scheduler';

const SEEDS = 600;
const TTL_MS = 1_000;
const CHAOS_MS = 8_000;

interface Candidate {
  id: string;
  election: LeaderElection;
  /** Alive but cut off (a GC pause, a partition): it must stop acting by itself. */
  partitioned: boolean;
  crashed: boolean;
}

async function runSeed(seed: number): Promise<void> {
  const random = new SeededRandom(seed);
  const scheduler = new VirtualScheduler();
  const network = new LossyNetwork(scheduler, random, {
    dropProbability: random.next() * 0.2,
    duplicateProbability: random.next() * 0.2,
    maxDelayMs: random.between(5, 80),
  });
  const kv = new SimulatedKv(network, 200);
  const tokens = new Map<number, string>();
  let lastToken = 0;
  const candidates: Candidate[] = [];

  const start = (id: string): Candidate => {
    const candidate: Candidate = { id, partitioned: false, crashed: false } as Candidate;
    candidate.election = new LeaderElection({
      store: kv.clientFor(() => !candidate.partitioned && !candidate.crashed),
      domain: 'scheduler',
      candidateId: id,
      ttlMs: TTL_MS,
      clock: scheduler,
    });
    candidate.election.onElected(({ fencingToken }) => {
      const previous = tokens.get(fencingToken);
      if (previous !== undefined)
        throw new Error(`seed ${seed}: token ${fencingToken} handed to ${previous} and ${id}`);
      if (fencingToken <= lastToken)
        throw new Error(`seed ${seed}: token ${fencingToken} after ${lastToken}`);
      tokens.set(fencingToken, id);
      lastToken = fencingToken;
    });
    void candidate.election.campaign();
    return candidate;
  };
  for (let i = 0; i < random.between(2, 4); i++) candidates.push(start(`c${i}`));

  const checkOneLeader = (): void => {
    // A revoked holder that is in fact alive may act until it notices (about one poll): fencing covers
    // that window, as its token is below its successor's. Every other overlap is a double leader.
    const leaders = candidates.filter(
      (c) =>
        !c.crashed &&
        c.election.isLeader() &&
        !kv.removedTokens.has(c.election.leadership()?.fencingToken ?? -1),
    );
    if (leaders.length > 1) {
      throw new Error(
        `seed ${seed} at ${scheduler.now()} ms: ${leaders.map((c) => c.id).join(' and ')} lead at once`,
      );
    }
  };

  for (let i = 0; i < random.between(1, 8); i++) {
    scheduler.setTimeout(
      () => {
        const candidate = random.pick(candidates.filter((c) => !c.crashed));
        if (!candidate) return;
        const fault = random.pick(['partition', 'crash', 'revoke'] as const);
        if (fault === 'partition') {
          candidate.partitioned = true;
          scheduler.setTimeout(() => (candidate.partitioned = false), random.between(100, 3 * TTL_MS));
        } else if (fault === 'crash') {
          // A crash is silent: no resignation; the same id restarts later as a new process.
          candidate.crashed = true;
          void candidate.election.stop().catch(() => undefined);
          scheduler.setTimeout(() => candidates.push(start(candidate.id)), random.between(100, 3 * TTL_MS));
        } else {
          // The coordinator convicts the holder: its lease is deleted at once.
          void revokeLeadershipsOf(
            kv.clientFor(() => true),
            candidate.id,
          ).catch(() => undefined);
        }
      },
      random.between(0, CHAOS_MS - 3 * TTL_MS),
    );
  }
  await scheduler.runUntil(CHAOS_MS, checkOneLeader);

  network.faults = STABLE_NETWORK;
  for (const candidate of candidates) candidate.partitioned = false;
  await scheduler.runUntil(CHAOS_MS + 3 * TTL_MS, checkOneLeader);
  const leaders = candidates.filter((c) => !c.crashed && c.election.isLeader());
  if (leaders.length !== 1)
    throw new Error(`seed ${seed}: ${leaders.length} leaders once the network was stable`);
  for (const candidate of candidates) candidate.crashed = true;
}

describe('Leader election under a seeded lossy network (the production LeaderElection class)', () => {
  it(`never has two leaders at once, hands each token to one leader, and elects one once stable, over ${SEEDS} seeds`, async () => {
    for (let seed = 1; seed <= SEEDS; seed++) await runSeed(seed);
  });
});
