import type { LockMode } from '@warden/contracts';

export interface LockRequest {
  lockName: string;
  holderId: string;
  mode: LockMode;
  /** Shared mode: the semaphore's size; unbounded when absent. */
  maxHolders?: number;
  ttlMs: number;
  waitMs: number;
}

export interface LockHolding {
  holderId: string;
  mode: LockMode;
  fencingToken: number;
  expiresAt: number;
}

export type LockOutcome =
  | { kind: 'granted'; lockName: string; holding: LockHolding; renewed: boolean }
  | { kind: 'refused'; lockName: string; holderId: string; reason: string; currentHolderId?: string };

/** Where a decision goes: the waiting request it answers. */
export interface LockDecision {
  waiter: number;
  outcome: LockOutcome;
}

interface Waiter {
  id: number;
  request: LockRequest;
  deadline: number;
}

interface LockState {
  holders: Map<string, LockHolding>;
  waiters: Waiter[];
  maxHolders?: number;
}

/** A fencing token source that only grows, also across coordinator failovers (see LockFencing). */
export type TokenIssuer = () => number;

/**
 * Exclusive and shared locks and N-holder semaphores with TTLs, fencing tokens and a fair queue:
 *
 * - a request is granted at once only when it is compatible with the holders and nobody waits before
 *   it (first come, first served: a stream of readers cannot starve a writer);
 * - each grant takes a new fencing token; renewing (a holder asking again) keeps its token;
 * - a holder not renewed within its TTL, or convicted as failed, loses the lock and the queue moves.
 *
 * Synchronous and clock-free (every call takes `now`), so the simulation and the unit tests drive it
 * directly; the coordinator wraps it with request/reply and a timer.
 */
export class LockTable {
  private readonly locks = new Map<string, LockState>();
  private nextWaiterId = 1;

  constructor(private readonly issueToken: TokenIssuer) {}

  /** Grants, refuses, or queues (`waiter` id: the decision comes later from release, expire or convict). */
  request(request: LockRequest, now: number): { outcome: LockOutcome } | { waiter: number } {
    const lock = this.lockOf(request.lockName);
    const existing = lock.holders.get(request.holderId);
    if (existing) {
      if (existing.mode !== request.mode) {
        return { outcome: this.refusal(request, `already held in ${existing.mode} mode`) };
      }
      existing.expiresAt = now + request.ttlMs;
      return {
        outcome: { kind: 'granted', lockName: request.lockName, holding: { ...existing }, renewed: true },
      };
    }
    if (
      request.mode === 'shared' &&
      lock.maxHolders !== undefined &&
      request.maxHolders !== lock.maxHolders
    ) {
      return {
        outcome: this.refusal(request, `semaphore size is ${lock.maxHolders}, not ${request.maxHolders}`),
      };
    }
    if (lock.waiters.length === 0 && this.compatible(lock, request)) {
      return { outcome: this.grant(lock, request, now) };
    }
    if (request.waitMs <= 0) return { outcome: this.refusal(request, 'held') };
    const waiter: Waiter = { id: this.nextWaiterId++, request, deadline: now + request.waitMs };
    lock.waiters.push(waiter);
    return { waiter: waiter.id };
  }

  /** Gives a lock back; false when this holder does not hold it under this token (already gone). */
  release(
    lockName: string,
    holderId: string,
    fencingToken: number,
    now: number,
  ): { released: boolean; decisions: LockDecision[] } {
    const lock = this.locks.get(lockName);
    const holding = lock?.holders.get(holderId);
    if (!lock || !holding || holding.fencingToken !== fencingToken) return { released: false, decisions: [] };
    lock.holders.delete(holderId);
    return { released: true, decisions: this.advance(lockName, lock, now) };
  }

  /** Drops holders past their TTL and waiters past their wait; grants what that frees. */
  expire(now: number): LockDecision[] {
    const decisions: LockDecision[] = [];
    for (const [name, lock] of this.locks) {
      for (const [holderId, holding] of lock.holders)
        if (holding.expiresAt <= now) lock.holders.delete(holderId);
      for (const waiter of lock.waiters.filter((w) => w.deadline <= now)) {
        lock.waiters.splice(lock.waiters.indexOf(waiter), 1);
        decisions.push({
          waiter: waiter.id,
          outcome: this.refusal(waiter.request, `not free within ${waiter.request.waitMs} ms`, lock),
        });
      }
      decisions.push(...this.advance(name, lock, now));
    }
    return decisions;
  }

  /** A convicted holder loses every lock at once and its queued requests are dropped. */
  convict(holderId: string, now: number): { releasedLocks: string[]; decisions: LockDecision[] } {
    const releasedLocks: string[] = [];
    const decisions: LockDecision[] = [];
    for (const [name, lock] of this.locks) {
      for (const waiter of lock.waiters.filter((w) => w.request.holderId === holderId)) {
        lock.waiters.splice(lock.waiters.indexOf(waiter), 1);
        decisions.push({
          waiter: waiter.id,
          outcome: this.refusal(waiter.request, 'requester convicted as failed'),
        });
      }
      if (lock.holders.delete(holderId)) releasedLocks.push(name);
      decisions.push(...this.advance(name, lock, now));
    }
    return { releasedLocks, decisions };
  }

  holders(lockName: string): LockHolding[] {
    return [...(this.locks.get(lockName)?.holders.values() ?? [])].map((h) => ({ ...h }));
  }

  /** Restores holders after a coordinator failover (from the persisted snapshot). */
  restore(lockName: string, holdings: readonly LockHolding[], maxHolders?: number): void {
    const lock = this.lockOf(lockName);
    lock.maxHolders = maxHolders;
    for (const holding of holdings) lock.holders.set(holding.holderId, { ...holding });
  }

  snapshot(lockName: string): { holders: LockHolding[]; maxHolders?: number } {
    const lock = this.locks.get(lockName);
    return {
      holders: this.holders(lockName),
      ...(lock?.maxHolders === undefined ? {} : { maxHolders: lock.maxHolders }),
    };
  }

  /** Ends every lock's queue (the coordinator lost its leadership): waiters must retry elsewhere. */
  abandonWaiters(reason: string): LockDecision[] {
    const decisions: LockDecision[] = [];
    for (const lock of this.locks.values())
      for (const waiter of lock.waiters.splice(0))
        decisions.push({ waiter: waiter.id, outcome: this.refusal(waiter.request, reason) });
    return decisions;
  }

  private advance(lockName: string, lock: LockState, now: number): LockDecision[] {
    const decisions: LockDecision[] = [];
    while (lock.waiters.length > 0 && this.compatible(lock, lock.waiters[0].request)) {
      const waiter = lock.waiters.shift() as Waiter;
      decisions.push({ waiter: waiter.id, outcome: this.grant(lock, waiter.request, now) });
    }
    if (lock.holders.size === 0 && lock.waiters.length === 0) this.locks.delete(lockName);
    return decisions;
  }

  private compatible(lock: LockState, request: LockRequest): boolean {
    if (lock.holders.size === 0) return true;
    if (request.mode === 'exclusive') return false;
    for (const holding of lock.holders.values()) if (holding.mode === 'exclusive') return false;
    return lock.maxHolders === undefined || lock.holders.size < lock.maxHolders;
  }

  private grant(lock: LockState, request: LockRequest, now: number): LockOutcome {
    if (request.mode === 'shared' && lock.holders.size === 0) lock.maxHolders = request.maxHolders;
    if (request.mode === 'exclusive' && lock.holders.size === 0) lock.maxHolders = undefined;
    const holding: LockHolding = {
      holderId: request.holderId,
      mode: request.mode,
      fencingToken: this.issueToken(),
      expiresAt: now + request.ttlMs,
    };
    lock.holders.set(request.holderId, holding);
    return { kind: 'granted', lockName: request.lockName, holding: { ...holding }, renewed: false };
  }

  private refusal(
    request: LockRequest,
    reason: string,
    lock = this.locks.get(request.lockName),
  ): LockOutcome {
    const current = lock?.holders.keys().next().value;
    return {
      kind: 'refused',
      lockName: request.lockName,
      holderId: request.holderId,
      reason,
      ...(current === undefined ? {} : { currentHolderId: current }),
    };
  }

  private lockOf(lockName: string): LockState {
    let lock = this.locks.get(lockName);
    if (!lock) {
      lock = { holders: new Map(), waiters: [] };
      this.locks.set(lockName, lock);
    }
    return lock;
  }
}
