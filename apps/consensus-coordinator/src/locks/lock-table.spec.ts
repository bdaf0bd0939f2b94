import { LockTable, type LockRequest } from './lock-table';

const request = (holderId: string, overrides: Partial<LockRequest> = {}): LockRequest => ({
  lockName: 'migration',
  holderId,
  mode: 'exclusive',
  ttlMs: 1_000,
  waitMs: 5_000,
  ...overrides,
});

function table(): LockTable {
  let next = 1;
  return new LockTable(() => next++);
}

describe('LockTable', () => {
  it('grants an exclusive lock with a token, queues later requests first come first served', () => {
    const locks = table();
    const first = locks.request(request('a'), 0);
    expect(first).toEqual({
      outcome: expect.objectContaining({
        kind: 'granted',
        holding: expect.objectContaining({ fencingToken: 1 }),
      }),
    });
    const b = locks.request(request('b'), 1);
    const c = locks.request(request('c'), 2);
    expect('waiter' in b && 'waiter' in c).toBe(true);
    const { decisions } = locks.release('migration', 'a', 1, 3);
    expect(decisions).toEqual([
      {
        waiter: (b as { waiter: number }).waiter,
        outcome: expect.objectContaining({
          kind: 'granted',
          holding: expect.objectContaining({ holderId: 'b', fencingToken: 2 }),
        }),
      },
    ]);
  });

  it('lets shared holders in together but makes a later shared request wait behind a queued exclusive one', () => {
    const locks = table();
    locks.request(request('r1', { mode: 'shared' }), 0);
    expect(locks.request(request('r2', { mode: 'shared' }), 0)).toEqual({
      outcome: expect.objectContaining({ kind: 'granted' }),
    });
    expect('waiter' in locks.request(request('w'), 0)).toBe(true);
    expect('waiter' in locks.request(request('r3', { mode: 'shared' }), 0)).toBe(true);
    expect(locks.holders('migration').map((h) => h.holderId)).toEqual(['r1', 'r2']);
  });

  it('is a semaphore of maxHolders shared holders and refuses a request naming another size', () => {
    const locks = table();
    const sem = (id: string) => request(id, { mode: 'shared', maxHolders: 2, waitMs: 0 });
    expect(locks.request(sem('a'), 0)).toEqual({ outcome: expect.objectContaining({ kind: 'granted' }) });
    expect(locks.request(sem('b'), 0)).toEqual({ outcome: expect.objectContaining({ kind: 'granted' }) });
    expect(locks.request(sem('c'), 0)).toEqual({
      outcome: expect.objectContaining({ kind: 'refused', reason: 'held' }),
    });
    expect(locks.request(request('d', { mode: 'shared', maxHolders: 3, waitMs: 0 }), 0)).toEqual({
      outcome: expect.objectContaining({ kind: 'refused', reason: 'semaphore size is 2, not 3' }),
    });
  });

  it('keeps the token on renewal and drops a holder that was not renewed within its TTL', () => {
    const locks = table();
    locks.request(request('a'), 0);
    expect(locks.request(request('a'), 500)).toEqual({
      outcome: expect.objectContaining({
        renewed: true,
        holding: expect.objectContaining({ fencingToken: 1, expiresAt: 1_500 }),
      }),
    });
    const waiting = locks.request(request('b'), 600) as { waiter: number };
    expect(locks.expire(1_499)).toEqual([]);
    expect(locks.expire(1_500)).toEqual([
      {
        waiter: waiting.waiter,
        outcome: expect.objectContaining({
          kind: 'granted',
          holding: expect.objectContaining({ holderId: 'b', fencingToken: 2 }),
        }),
      },
    ]);
  });

  it('refuses a waiter whose wait ran out, and releases a convicted holder at once', () => {
    const locks = table();
    locks.request(request('a', { ttlMs: 60_000 }), 0);
    const short = locks.request(request('b', { waitMs: 100 }), 0) as { waiter: number };
    const long = locks.request(request('c'), 0) as { waiter: number };
    expect(locks.expire(100)).toEqual([
      { waiter: short.waiter, outcome: expect.objectContaining({ kind: 'refused' }) },
    ]);
    const { releasedLocks, decisions } = locks.convict('a', 200);
    expect(releasedLocks).toEqual(['migration']);
    expect(decisions).toEqual([
      { waiter: long.waiter, outcome: expect.objectContaining({ kind: 'granted' }) },
    ]);
  });

  it('does not release under a stale token', () => {
    const locks = table();
    locks.request(request('a'), 0);
    expect(locks.release('migration', 'a', 99, 1).released).toBe(false);
    expect(locks.holders('migration')).toHaveLength(1);
  });
});
