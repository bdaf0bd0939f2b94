import { RequestRejectedError, StaleFencingTokenError } from '@warden/messaging';
import { LockService } from './lock-service';
import type { LockSnapshotStore } from './lock-snapshots';
import { LockTable } from './lock-table';

/** Snapshots refused the way FencedResources refuses a deposed leader's write, or failing otherwise. */
function snapshotsFailingWith(error: Error): LockSnapshotStore {
  return {
    save: () => Promise.reject(error),
    takeOver: () => Promise.resolve(new Map()),
  };
}

const acquire = { lockName: 'job', holderId: 'agent-1', ttlMs: 5_000, waitMs: 0 };

describe('LockService', () => {
  it("answers a grant whose snapshot a newer leader's token refused with stale-fencing-token, and reports the deposition", async () => {
    const deposed: StaleFencingTokenError[] = [];
    let next = 1;
    const service = new LockService(
      new LockTable(() => next++),
      'coord-a',
      snapshotsFailingWith(new StaleFencingTokenError('job', 4, 9)),
      (refusal) => deposed.push(refusal),
    );
    const refusal = await service.acquire(acquire).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RequestRejectedError);
    expect(refusal).toMatchObject({ code: 'stale-fencing-token' });
    expect(deposed).toEqual([expect.objectContaining({ token: 4, highest: 9 })]);
  });

  it('passes any other snapshot failure on as it is, without reporting a deposition', async () => {
    const deposed: StaleFencingTokenError[] = [];
    let next = 1;
    const unavailable = new Error('JetStream unavailable');
    const service = new LockService(
      new LockTable(() => next++),
      'coord-a',
      snapshotsFailingWith(unavailable),
      (refusal) => deposed.push(refusal),
    );
    await expect(service.acquire(acquire)).rejects.toBe(unavailable);
    expect(deposed).toEqual([]);
  });
});
