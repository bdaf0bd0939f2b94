import type { TaskPriority } from '@warden/contracts';
import { LANE_ORDER } from '../routing/priority-lanes';

export interface ResourceLease {
  readonly resource: string;
  readonly units: number;
  readonly holder: string;
  /** Increases with every grant of the resource: a holder can prove its lease is the current one. */
  readonly fencingToken: number;
}

export class UnknownResourceError extends Error {
  constructor(readonly resource: string) {
    super(`no resource named ${resource}`);
    this.name = 'UnknownResourceError';
  }
}

export class ResourceWaitTimeoutError extends Error {
  constructor(
    readonly resource: string,
    readonly units: number,
    readonly waitedMs: number,
  ) {
    super(`${units} units of ${resource} not free within ${waitedMs} ms`);
    this.name = 'ResourceWaitTimeoutError';
  }
}

interface Waiting {
  units: number;
  holder: string;
  rank: number;
  arrival: number;
  grant(lease: ResourceLease): void;
  timer?: NodeJS.Timeout;
}

interface Pool {
  capacity: number;
  used: number;
  token: number;
  queue: Waiting[];
}

/**
 * Named counted resources (GPUs, an API's concurrent-call budget) shared by the tasks this balancer
 * routes. A request that does not fit waits; conflicts are resolved by priority, then arrival. The
 * head of the queue blocks smaller later requests (no starvation of large ones). Per replica: run
 * one replica per resource set, or size each replica's quota to its share.
 */
export class ResourceQuotas {
  private readonly pools = new Map<string, Pool>();
  private arrivals = 0;

  define(resource: string, capacity: number): void {
    const pool = this.pools.get(resource);
    if (pool) {
      pool.capacity = capacity;
      this.grantWaiting(resource, pool);
    } else {
      this.pools.set(resource, { capacity, used: 0, token: 0, queue: [] });
    }
  }

  usage(resource: string): { capacity: number; used: number; waiting: number } {
    const pool = this.pool(resource);
    return { capacity: pool.capacity, used: pool.used, waiting: pool.queue.length };
  }

  acquire(
    resource: string,
    units: number,
    priority: TaskPriority,
    holder: string,
    maxWaitMs = 30_000,
  ): Promise<ResourceLease> {
    const pool = this.pool(resource);
    if (units > pool.capacity)
      return Promise.reject(
        new RangeError(`${units} units exceed the capacity ${pool.capacity} of ${resource}`),
      );
    return new Promise<ResourceLease>((resolve, reject) => {
      const waiting: Waiting = {
        units,
        holder,
        rank: LANE_ORDER.indexOf(priority),
        arrival: this.arrivals++,
        grant: resolve,
      };
      waiting.timer = setTimeout(() => {
        const index = pool.queue.indexOf(waiting);
        if (index < 0) return;
        pool.queue.splice(index, 1);
        reject(new ResourceWaitTimeoutError(resource, units, maxWaitMs));
        this.grantWaiting(resource, pool);
      }, maxWaitMs);
      waiting.timer.unref?.();
      // Sorted insert: priority rank first (critical = 0), then arrival.
      let index = pool.queue.length;
      while (index > 0 && pool.queue[index - 1].rank > waiting.rank) index--;
      pool.queue.splice(index, 0, waiting);
      this.grantWaiting(resource, pool);
    });
  }

  release(lease: ResourceLease): void {
    const pool = this.pool(lease.resource);
    pool.used = Math.max(0, pool.used - lease.units);
    this.grantWaiting(lease.resource, pool);
  }

  /** Runs `work` holding the units, releasing them however it ends. */
  async withResource<T>(
    resource: string,
    units: number,
    priority: TaskPriority,
    holder: string,
    work: (lease: ResourceLease) => Promise<T>,
  ): Promise<T> {
    const lease = await this.acquire(resource, units, priority, holder);
    try {
      return await work(lease);
    } finally {
      this.release(lease);
    }
  }

  private grantWaiting(resource: string, pool: Pool): void {
    while (pool.queue.length > 0 && pool.used + pool.queue[0].units <= pool.capacity) {
      const next = pool.queue.shift()!;
      clearTimeout(next.timer);
      pool.used += next.units;
      next.grant({ resource, units: next.units, holder: next.holder, fencingToken: ++pool.token });
    }
  }

  private pool(resource: string): Pool {
    const pool = this.pools.get(resource);
    if (!pool) throw new UnknownResourceError(resource);
    return pool;
  }
}
