import type { KV } from '@nats-io/kv';
import { isRevisionConflict } from '@warden/messaging';

const KEY = 'lock-tokens';
const BLOCK = 100_000;
const MAX_CAS_ATTEMPTS = 20;

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
 */
export class TokenBlocks {
  private next = 0;
  private end = 0;
  private reserving?: Promise<void>;

  constructor(
    private readonly kv: KV,
    private readonly onError: (error: Error) => void,
  ) {}

  async start(): Promise<void> {
    const [start, end] = await this.reserve();
    this.next = start;
    this.end = end;
  }

  issue(): number {
    if (this.next >= this.end) throw new FencingTokensExhaustedError();
    if (this.end - this.next < BLOCK / 2 && !this.reserving) {
      this.reserving = this.reserve()
        .then(([start, end]) => {
          // Every new block lies above the current one: the rest of the current block is skipped.
          this.next = Math.max(this.next, start);
          this.end = end;
        })
        .catch((error: Error) => this.onError(error))
        .finally(() => (this.reserving = undefined));
    }
    return this.next++;
  }

  private async reserve(): Promise<[number, number]> {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const entry = await this.kv.get(KEY);
      const current = entry && entry.operation === 'PUT' ? entry.json<{ next: number }>().next : 1;
      const reserved: [number, number] = [current, current + BLOCK];
      try {
        if (entry) await this.kv.update(KEY, JSON.stringify({ next: reserved[1] }), entry.revision);
        else await this.kv.create(KEY, JSON.stringify({ next: reserved[1] }));
        return reserved;
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    throw new Error(`could not reserve lock tokens: ${MAX_CAS_ATTEMPTS} compare-and-set races lost`);
  }
}
