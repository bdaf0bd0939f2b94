import {
  LockGrant,
  createMessage,
  type LockAcquire,
  type LockRelease,
  CommandReceipt,
} from '@warden/contracts';
import { RequestRejectedError, StaleFencingTokenError } from '@warden/messaging';
import type { LockSnapshotStore } from './lock-snapshots';
import { LockTable, type LockDecision, type LockOutcome } from './lock-table';

/**
 * Request/reply around LockTable: a queued request's reply waits for its decision (a grant when the
 * lock frees up, a refusal when its wait ends or the coordinator steps down). Every change of holders is
 * stored (LockSnapshots) before the grant or release is answered, so a successor replica knows it.
 */
export class LockService {
  private readonly waiting = new Map<number, (outcome: LockOutcome) => void>();

  constructor(
    readonly table: LockTable,
    private readonly instanceId: string,
    private readonly snapshots: LockSnapshotStore,
    /** A snapshot write found a newer leader's token: this replica was deposed and must stop serving. */
    private readonly onDeposed: (refusal: StaleFencingTokenError) => void,
  ) {}

  /** Takes over the holders a previous leading replica stored (and fences them with this leader's token). */
  async restore(): Promise<number> {
    const stored = await this.snapshots.takeOver();
    for (const [lockName, snapshot] of stored)
      this.table.restore(lockName, snapshot.holders, snapshot.maxHolders);
    return stored.size;
  }

  acquire(request: LockAcquire): Promise<LockGrant> {
    const result = this.table.request(
      {
        lockName: request.lockName,
        holderId: request.holderId,
        mode: request.mode ?? 'exclusive',
        maxHolders: request.maxHolders,
        ttlMs: request.ttlMs,
        waitMs: request.waitMs,
      },
      Date.now(),
    );
    if ('outcome' in result) return this.answer(result.outcome);
    return new Promise((resolve, reject) =>
      this.waiting.set(result.waiter, (outcome) => this.answer(outcome).then(resolve, reject)),
    );
  }

  release(request: LockRelease): CommandReceipt {
    const { released, decisions } = this.table.release(
      request.lockName,
      request.holderId,
      request.fencingToken,
      Date.now(),
    );
    this.deliver(decisions);
    // Not awaited: a release lost in a failover only leaves a stale holder that expires with its TTL, which
    // errs on the safe side; a grant, by contrast, is stored before it is answered.
    if (released) void this.persist(request.lockName).catch(() => undefined);
    return createMessage(CommandReceipt, {
      commandId: request.lockName,
      accepted: released,
      ...(released
        ? {}
        : {
            reason: `${request.holderId} does not hold ${request.lockName} under token ${request.fencingToken}`,
          }),
      receivedBy: this.instanceId,
      receivedAt: new Date().toISOString(),
    });
  }

  sweep(): void {
    const decisions = this.table.expire(Date.now());
    this.deliver(decisions);
  }

  convict(holderId: string): string[] {
    const { releasedLocks, decisions } = this.table.convict(holderId, Date.now());
    this.deliver(decisions);
    for (const lockName of releasedLocks) void this.persist(lockName).catch(() => undefined);
    return releasedLocks;
  }

  /** A grant is answered once the new holders are stored; a refusal changes nothing to store. */
  private async answer(outcome: LockOutcome): Promise<LockGrant> {
    if (outcome.kind === 'granted' && !outcome.renewed) await this.persist(outcome.lockName);
    return grantOf(outcome);
  }

  /**
   * A refused snapshot means a newer leading replica exists: the grant is not answered (its holders are
   * not stored, so it would not survive), the requester gets `stale-fencing-token` and retries elsewhere.
   */
  private async persist(lockName: string): Promise<void> {
    try {
      await this.snapshots.save(lockName, this.table.snapshot(lockName));
    } catch (error) {
      if (!(error instanceof StaleFencingTokenError)) throw error;
      this.onDeposed(error);
      throw new RequestRejectedError(
        'stale-fencing-token',
        `coordinator replica ${this.instanceId} was deposed (election token ${error.token} < ${error.highest}): retry`,
      );
    }
  }

  abandon(reason: string): void {
    this.deliver(this.table.abandonWaiters(reason));
  }

  private deliver(decisions: readonly LockDecision[]): void {
    for (const { waiter, outcome } of decisions) {
      const resolve = this.waiting.get(waiter);
      this.waiting.delete(waiter);
      resolve?.(outcome);
    }
  }
}

function grantOf(outcome: LockOutcome): LockGrant {
  if (outcome.kind === 'granted') {
    return createMessage(LockGrant, {
      lockName: outcome.lockName,
      granted: true,
      holderId: outcome.holding.holderId,
      fencingToken: outcome.holding.fencingToken,
      expiresAt: new Date(outcome.holding.expiresAt).toISOString(),
    });
  }
  return createMessage(LockGrant, {
    lockName: outcome.lockName,
    granted: false,
    holderId: outcome.holderId,
    reason: outcome.reason,
    ...(outcome.currentHolderId === undefined ? {} : { currentHolderId: outcome.currentHolderId }),
  });
}
