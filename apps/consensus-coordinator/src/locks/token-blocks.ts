import type { KV } from '@nats-io/kv';
import { CorruptFencedRecordError, FencedResources, StaleFencingTokenError } from '@warden/messaging';

const RESOURCE = 'lock-tokens';
const BLOCK = 100_000;

interface TokenCounter {
  next: number;
}

export class FencingTokensExhaustedError extends Error {
  constructor() {
    super('no fencing token available: the next block of tokens is not reserved yet');
    this.name = 'FencingTokensExhaustedError';
  }
}

/**
 * Lock fencing tokens that only grow, also across coordinator failovers, without a KV write per grant:
 * the serving replica reserves blocks of tokens by compare-and-set on one counter key and hands them
 * out in order, reserving the next block when half of the current one is used. A later leader's block
 * is above every block reserved before it, so its tokens beat a deposed leader's.
 *
 * The counter is fenced by the reserving replica's election token: once a newer leader has reserved, a
 * deposed replica that has not noticed cannot reserve a block above the newer leader's (its reservation
 * fails with StaleFencingTokenError, reported to `onError`) and runs out of tokens instead.
 */
export class TokenBlocks {
  private next = 0;
  private end = 0;
  private reserving?: Promise<void>;
  /** A newer leader has reserved: this replica never reserves again and runs out of its current block. */
  private deposed = false;
  private readonly counter: FencedResources<TokenCounter>;

  constructor(
    kv: KV,
    private readonly onError: (error: Error) => void,
    private readonly leaderToken: number,
  ) {
    // The key is the counter's name itself (it predates fencing); a bare `{next}` is read as unfenced.
    this.counter = new FencedResources<TokenCounter>(kv, {
      keyOf: (resource) => resource,
      decodeState: tokenCounterOf,
      unfencedState: tokenCounterOf,
    });
  }

  async start(): Promise<void> {
    const [start, end] = await this.reserve();
    this.next = start;
    this.end = end;
  }

  issue(): number {
    if (this.next >= this.end) throw new FencingTokensExhaustedError();
    if (this.end - this.next < BLOCK / 2 && !this.reserving && !this.deposed) {
      this.reserving = this.reserve()
        .then(([start, end]) => {
          // Every new block lies above the current one: the rest of the current block is skipped.
          this.next = Math.max(this.next, start);
          this.end = end;
        })
        .catch((error: Error) => {
          if (error instanceof StaleFencingTokenError) this.deposed = true;
          this.onError(error);
        })
        .finally(() => (this.reserving = undefined));
    }
    return this.next++;
  }

  private async reserve(): Promise<[number, number]> {
    let end = 0;
    // The last run of the change is the one committed.
    await this.counter.update(RESOURCE, this.leaderToken, (current) => {
      end = (current?.next ?? 1) + BLOCK;
      return { next: end };
    });
    return [end - BLOCK, end];
  }
}

/**
 * A stored counter, or CorruptFencedRecordError: a replica from before fencing reads a fenced record's
 * `.next` as undefined and writes `{"next": null}` (a rollback or a mixed-version rollout). Taking that
 * as "no counter" would restart tokens at 1, below every token receivers have admitted, so every new
 * holder would be refused; refusing to reserve stops the replica from serving locks until it is repaired.
 */
function tokenCounterOf(value: unknown): TokenCounter {
  const next = typeof value === 'object' && value !== null && 'next' in value ? value.next : undefined;
  if (typeof next !== 'number' || !Number.isSafeInteger(next) || next < 1)
    throw new CorruptFencedRecordError(
      RESOURCE,
      `next ${JSON.stringify(next) ?? 'undefined'} is not a positive integer (written by a replica from before fencing?)`,
    );
  return { next };
}
