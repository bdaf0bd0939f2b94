import {
  LockGrant,
  createMessage,
  type LockAcquire,
  type LockRelease,
  CommandReceipt,
} from '@warden/contracts';
import { LockTable, type LockDecision, type LockOutcome } from './lock-table';

/**
 * Request/reply around LockTable: a queued request's reply waits for its decision (a grant when the
 * lock frees up, a refusal when its wait ends or the coordinator steps down).
 */
export class LockService {
  private readonly waiting = new Map<number, (outcome: LockOutcome) => void>();

  constructor(
    readonly table: LockTable,
    private readonly instanceId: string,
  ) {}

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
    if ('outcome' in result) return Promise.resolve(grantOf(result.outcome));
    return new Promise((resolve) => this.waiting.set(result.waiter, (outcome) => resolve(grantOf(outcome))));
  }

  release(request: LockRelease): CommandReceipt {
    const { released, decisions } = this.table.release(
      request.lockName,
      request.holderId,
      request.fencingToken,
      Date.now(),
    );
    this.deliver(decisions);
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
    this.deliver(this.table.expire(Date.now()));
  }

  convict(holderId: string): string[] {
    const { releasedLocks, decisions } = this.table.convict(holderId, Date.now());
    this.deliver(decisions);
    return releasedLocks;
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
