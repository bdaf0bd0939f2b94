import { LockTable, type LockOutcome } from '../../src/locks/lock-table';
import { SeededRandom } from '@warden/agent-sdk';
import { StaleFencingTokenError, checkFencingToken } from '@warden/messaging';

const SEEDS = 2000;
const STEPS = 400;
const TTL_MS = 300;

/**
 * A resource that checks fencing tokens with the production rule (FencedResources' check, here without
 * KV so thousands of seeds stay fast): it refuses a token below the highest it has admitted.
 */
class FencedResource {
  private highest?: number;
  private readonly writerOf = new Map<number, string>();

  write(holderId: string, token: number): boolean {
    try {
      checkFencingToken('job', token, this.highest);
    } catch (error) {
      if (error instanceof StaleFencingTokenError) return false;
      throw error;
    }
    const writer = this.writerOf.get(token);
    if (writer !== undefined && writer !== holderId)
      throw new Error(`token ${token} used by ${writer} and ${holderId}`);
    this.writerOf.set(token, holderId);
    this.highest = token;
    return true;
  }
}

/**
 * Random acquires (exclusive, shared, semaphore), releases, expiries, convictions and coordinator
 * failovers (a new table whose token block lies above the old one, as TokenBlocks reserves them), with
 * clients that keep writing on a grant they believe in although it may have expired (a paused client).
 */
function runSeed(seed: number): void {
  const random = new SeededRandom(seed);
  let blockStart = 1;
  const newTable = (): LockTable => {
    let next = blockStart;
    blockStart += 100_000;
    return new LockTable(() => next++);
  };
  let table = newTable();
  let now = 0;
  const clients = ['c0', 'c1', 'c2', 'c3', 'c4'];
  const beliefs = new Map<string, { token: number; mode: string }>();
  const resource = new FencedResource();
  const semaphoreSize = random.between(1, 3);
  const mode = random.pick(['exclusive', 'semaphore', 'mixed'] as const);

  const apply = (outcome: LockOutcome): void => {
    if (outcome.kind === 'granted')
      beliefs.set(outcome.holding.holderId, {
        token: outcome.holding.fencingToken,
        mode: outcome.holding.mode,
      });
  };
  const checkTable = (): void => {
    const holders = table.holders('job');
    const exclusive = holders.filter((h) => h.mode === 'exclusive');
    if (exclusive.length > 0 && holders.length > 1)
      throw new Error(`seed ${seed}: exclusive holder beside ${holders.length - 1} others`);
    const shared = holders.filter((h) => h.mode === 'shared');
    if (mode === 'semaphore' && shared.length > semaphoreSize)
      throw new Error(`seed ${seed}: ${shared.length} > ${semaphoreSize} semaphore holders`);
    if (new Set(holders.map((h) => h.fencingToken)).size !== holders.length)
      throw new Error(`seed ${seed}: two holders share a token`);
  };

  for (let step = 0; step < STEPS; step++) {
    now += random.between(0, 60);
    const client = random.pick(clients);
    const action = random.next();
    if (action < 0.4) {
      const shared = mode === 'semaphore' || (mode === 'mixed' && random.chance(0.5));
      const result = table.request(
        {
          lockName: 'job',
          holderId: client,
          mode: shared ? 'shared' : 'exclusive',
          ...(mode === 'semaphore' ? { maxHolders: semaphoreSize } : {}),
          ttlMs: TTL_MS,
          waitMs: random.pick([0, 100, 500]),
        },
        now,
      );
      if ('outcome' in result) apply(result.outcome);
    } else if (action < 0.55) {
      const belief = beliefs.get(client);
      if (belief) for (const d of table.release('job', client, belief.token, now).decisions) apply(d.outcome);
      beliefs.delete(client);
    } else if (action < 0.6) {
      for (const d of table.convict(client, now).decisions) apply(d.outcome);
    } else if (action < 0.63) {
      // Failover: the new leader starts empty; waiters of the old one were refused and retry.
      table.abandonWaiters('coordinator stepped down');
      table = newTable();
    } else {
      for (const d of table.expire(now)) apply(d.outcome);
      // An exclusive believer writes; a stale one (expired, convicted, or from before a failover) must be
      // refused by the resource once a newer token has written.
      const belief = beliefs.get(client);
      if (belief?.mode === 'exclusive') resource.write(client, belief.token);
    }
    checkTable();
  }
}

describe('Lock handover (the production LockTable, with failovers and stale holders)', () => {
  it(`keeps exclusive holders alone, semaphores within size, and one writer per token, over ${SEEDS} seeds`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) runSeed(seed);
  });
});
