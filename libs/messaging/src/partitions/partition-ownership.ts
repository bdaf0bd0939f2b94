import type { KV } from '@nats-io/kv';
import { isRevisionConflict } from '../kv/revision-conflict';
import { assignPartitions } from './rendezvous-assignment';

/** `failed`: onAcquired threw, so the partition was never taken over; its lease is given back at once. */
export type PartitionReleaseReason = 'rebalance' | 'lost' | 'shutdown' | 'failed';

export interface PartitionOwnershipEvents {
  /**
   * Called once this replica holds the lease; load the partition's state here before processing it. If it
   * throws, the partition is released again (`failed`) and claimed anew in a later round: a lease held by a
   * replica that never took the partition over would leave its agents unheard for as long as it renews.
   */
  onAcquired(partition: number, fencingToken: number): void | Promise<void>;
  /** Called when the lease is given up or lost; stop processing the partition and flush its state. */
  onReleased(partition: number, reason: PartitionReleaseReason): void | Promise<void>;
}

export interface PartitionOwnershipOptions extends PartitionOwnershipEvents {
  /** The `leases` bucket. Its TTL is the lease TTL: a key not refreshed within it disappears. */
  kv: KV;
  /** Names the set of replicas that share the partitions, e.g. the service name. */
  group: string;
  /** This replica's id, unique among the group's live replicas. */
  memberId: string;
  partitions: number;
  /** Must equal the bucket's TTL; leases and membership are refreshed every third of it. */
  leaseTtlMs: number;
  /** Reports each failed KV round trip; ownership keeps trying. */
  onError?: (error: Error, during: string) => void;
}

/** Takeovers in flight at once: enough to take a lost replica's share in a few steps, few enough not to flood the server. */
const TAKEOVER_CONCURRENCY = 8;

interface HeldLease {
  revision: number;
  /**
   * When the last successful refresh (or the claim) was sent. The server's expiry is at least a TTL
   * after that, so until then no other replica can hold the lease.
   */
  confirmedAt: number;
}

/**
 * Shares P partitions among the live replicas of one service through leases in a JetStream KV bucket.
 *
 * Each replica announces itself under `members.<group>.<id>` and, every third of the TTL, computes the
 * desired owner of every partition by rendezvous hashing over the live members. It refreshes the
 * leases it holds by compare-and-set on their revision (so a lease someone else took is noticed as
 * lost), releases the ones that now belong to another live member, and claims free ones it should own
 * with a create that fails while anyone holds them. A dead replica's keys expire with the bucket TTL,
 * so its partitions move within about 1⅓ TTL. A lease's revision is its fencing token.
 *
 * Works on any NATS ≥ 2.9 with JetStream: no per-message TTL, no server configuration.
 */
export class PartitionOwnership {
  private readonly held = new Map<number, HeldLease>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private tickMissed = false;
  private completedRounds = 0;
  private lastMembers: string[] = [];

  constructor(private readonly options: PartitionOwnershipOptions) {}

  /** Joins the group and takes this replica's share; resolves after the first round. */
  async start(): Promise<void> {
    this.stopped = false;
    // Ticking from the start: a first round of many slow takeovers is followed at once by one that refreshes.
    const interval = Math.max(50, Math.floor(this.options.leaseTtlMs / 3));
    this.timer = setInterval(() => void this.runRound(), interval);
    await this.runRound();
  }

  /** Leaves the group: releases every lease at once so the others take over without waiting for expiry. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    for (const [partition, lease] of [...this.held]) {
      this.held.delete(partition);
      await this.options.onReleased(partition, 'shutdown');
      await this.attempt('release lease', () =>
        this.options.kv.delete(this.leaseKey(partition), { previousSeq: lease.revision }),
      );
    }
    await this.attempt('leave group', () => this.options.kv.delete(this.memberKey(this.options.memberId)));
  }

  owned(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Whether this replica may act on the partition now: it holds the lease and the lease cannot have expired. */
  holds(partition: number): boolean {
    const lease = this.held.get(partition);
    return !!lease && Date.now() - lease.confirmedAt < this.options.leaseTtlMs;
  }

  members(): readonly string[] {
    return this.lastMembers;
  }

  /** True once a round has completed and this replica holds every partition it should. */
  isSettled(): boolean {
    if (this.completedRounds === 0) return false;
    const desired = assignPartitions(this.lastMembers, this.options.partitions);
    for (const [partition, owner] of desired) {
      if (owner === this.options.memberId && !this.held.has(partition)) return false;
    }
    return true;
  }

  private runRound(): Promise<void> {
    if (this.stopped) return this.ticking ?? Promise.resolve();
    if (this.ticking) {
      this.tickMissed = true;
      return this.ticking;
    }
    this.ticking = this.round()
      // A round that throws must not stop the next one, nor become an unhandled rejection.
      .catch((error: unknown) => this.options.onError?.(error as Error, 'round'))
      .finally(() => {
        this.ticking = undefined;
        this.completedRounds++;
        // A tick that fell due during a long round (slow takeovers) runs as soon as it ends, not an interval
        // later: the held leases' next refresh must not wait for it.
        if (this.tickMissed) {
          this.tickMissed = false;
          void this.runRound();
        }
      });
    return this.ticking;
  }

  private async round(): Promise<void> {
    const { kv, memberId, partitions } = this.options;
    await this.attempt('announce membership', () =>
      kv.put(this.memberKey(memberId), JSON.stringify({ memberId, at: Date.now() })),
    );
    const members = await this.liveMembers();
    if (!members) {
      await this.dropExpiredLeases();
      return;
    }
    if (!members.includes(memberId)) members.push(memberId);
    this.lastMembers = members.sort();
    const desired = assignPartitions(this.lastMembers, partitions);

    // Refreshed side by side, not one after another: on a loaded server one KV update can take a few
    // hundred ms, and a round over 64 leases in a row then outlasts the TTL — a sole owner lost its own
    // leases that way in the scale-out bench, and with them its partitions' heartbeats.
    const refreshes: Promise<void>[] = [];
    for (const [partition, lease] of [...this.held]) {
      if (this.stopped) break;
      if (desired.get(partition) === memberId) {
        refreshes.push(this.refresh(partition, lease));
        continue;
      }
      this.held.delete(partition);
      await this.options.onReleased(partition, 'rebalance');
      await this.attempt('release lease', () =>
        kv.delete(this.leaseKey(partition), { previousSeq: lease.revision }),
      );
    }
    await Promise.all(refreshes);

    const toClaim = [...desired]
      .filter(([partition, owner]) => owner === memberId && !this.held.has(partition))
      .map(([partition]) => partition);
    await this.claimAll(toClaim);
  }

  /**
   * Claims and takes over side by side, a few at a time, and starts no new claim after a third of the TTL:
   * each takeover may load a partition's registry (or wait out a timeout while it is unreadable), and after a
   * replica loss dozens of them one after another outlasted the TTL before the next round refreshed the leases
   * already held, so the replica lost its own. Partitions left over are claimed next round, after the refreshes.
   */
  private async claimAll(partitions: number[]): Promise<void> {
    const queue = [...partitions];
    const claimUntil = Date.now() + this.options.leaseTtlMs / 3;
    const worker = async (): Promise<void> => {
      for (let partition = queue.shift(); partition !== undefined; partition = queue.shift()) {
        if (this.stopped || Date.now() >= claimUntil) return;
        const sentAt = Date.now();
        const revision = await this.claim(partition);
        if (revision === undefined) continue;
        this.held.set(partition, { revision, confirmedAt: sentAt });
        await this.takeOver(partition, revision);
      }
    };
    await Promise.all(Array.from({ length: Math.min(TAKEOVER_CONCURRENCY, queue.length) }, worker));
  }

  private async takeOver(partition: number, revision: number): Promise<void> {
    try {
      await this.options.onAcquired(partition, revision);
    } catch (error) {
      this.options.onError?.(error as Error, 'take over partition');
      this.held.delete(partition);
      await this.options.onReleased(partition, 'failed');
      await this.attempt('release lease', () =>
        this.options.kv.delete(this.leaseKey(partition), { previousSeq: revision }),
      );
    }
  }

  /**
   * A refresh that fails on a revision conflict means another replica took the lease: it is lost. A
   * refresh that fails for any other reason (a reconnect, a slow server) keeps the lease until the TTL
   * has passed since the server last confirmed it, because until then nobody else can hold it.
   */
  private async refresh(partition: number, lease: HeldLease): Promise<void> {
    const sentAt = Date.now();
    try {
      lease.revision = await this.options.kv.update(
        this.leaseKey(partition),
        this.leaseValue(),
        lease.revision,
      );
      lease.confirmedAt = sentAt;
      return;
    } catch (error) {
      const conflict = isRevisionConflict(error);
      if (!conflict) this.options.onError?.(error as Error, 'refresh lease');
      if (!conflict && Date.now() - lease.confirmedAt < this.options.leaseTtlMs) return;
    }
    this.held.delete(partition);
    await this.options.onReleased(partition, 'lost');
  }

  /** Cut off from the server, a replica must stop acting on leases the server has let expire by now. */
  private async dropExpiredLeases(): Promise<void> {
    for (const [partition, lease] of [...this.held]) {
      if (Date.now() - lease.confirmedAt < this.options.leaseTtlMs) continue;
      this.held.delete(partition);
      await this.options.onReleased(partition, 'lost');
    }
  }

  private async claim(partition: number): Promise<number | undefined> {
    try {
      return await this.options.kv.create(this.leaseKey(partition), this.leaseValue());
    } catch {
      // Held by another replica that has not released or expired yet: try again next round.
      return undefined;
    }
  }

  private async liveMembers(): Promise<string[] | undefined> {
    return this.attempt('list members', async () => {
      const prefix = `members.${this.options.group}.`;
      const members: string[] = [];
      for await (const key of await this.options.kv.keys(`${prefix}*`))
        members.push(key.slice(prefix.length));
      return members;
    });
  }

  private async attempt<T>(during: string, operation: () => Promise<T>): Promise<T | undefined> {
    try {
      return await operation();
    } catch (error) {
      this.options.onError?.(error as Error, during);
      return undefined;
    }
  }

  private leaseValue(): string {
    return JSON.stringify({ owner: this.options.memberId, at: Date.now() });
  }

  private leaseKey(partition: number): string {
    return `partitions.${this.options.group}.${partition}`;
  }

  private memberKey(memberId: string): string {
    return `members.${this.options.group}.${memberId}`;
  }
}
