import type { LeaseRecord } from '@warden/contracts';
import { systemClock, type ElectionClock, type LeaseStore, type StoredLease } from './lease-store';

export type LeadershipLossReason = 'resigned' | 'superseded' | 'revoked' | 'expired' | 'stopped';

export interface LeaderElectionOptions {
  store: LeaseStore;
  domain: string;
  candidateId: string;
  /** The lease TTL: a silent leader is replaced this long after its last renewal (2 s, 15 s…). */
  ttlMs: number;
  clock?: ElectionClock;
  /** How often a contender looks at the lease; default a tenth of the TTL, at most 250 ms (failover ≈ TTL + this). */
  pollMs?: number;
  /** Each failed store round trip; the election keeps trying. */
  onError?: (error: Error, during: string) => void;
}

export interface Leadership {
  readonly domain: string;
  readonly leaderId: string;
  /** The revision of the write that made this candidate leader: grows with every new leader. */
  readonly fencingToken: number;
}

/**
 * A long TTL must not slow down noticing a revocation or a resignation: contenders and the leader look
 * at least this often (one KV get each), whatever the TTL.
 */
const MAX_DEFAULT_POLL_MS = 250;

export const electionKey = (domain: string): string => `election.${domain}`;

interface Held {
  token: number;
  revision: number;
  acquiredAt: string;
  /** When the last successful write (claim or renewal) was sent: the lease is ours until this + TTL. */
  confirmedAt: number;
  lastRenewAt: number;
}

interface Observation {
  revision: number;
  /** When the read that first returned this revision came back: its writer's lease ends before this + TTL. */
  firstSeenAt: number;
}

/**
 * Leader election for one domain on a compare-and-set lease store (JetStream KV), with a TTL and no
 * bucket TTL (NATS 2.9 has no per-key expiry):
 *
 * - a free key is taken with `create`; the writing revision is the fencing token;
 * - the leader renews by CAS every quarter TTL and is leader only until its last confirmed write + TTL,
 *   so a partitioned leader stops acting before anyone can replace it; a CAS conflict (revoked,
 *   superseded) ends leadership at once;
 * - a contender takes over a key whose revision it has seen unchanged for a whole TTL on its own clock,
 *   by CAS on that revision, so a renewal in between wins; no clock synchronisation is needed, only
 *   bounded clock rate drift.
 *
 * The loop is driven by the injected clock, so the deterministic simulation runs this same class.
 */
export class LeaderElection {
  private readonly clock: ElectionClock;
  private readonly pollMs: number;
  private held?: Held;
  private observed?: Observation;
  private timer?: unknown;
  private running = false;
  private stepping?: Promise<void>;
  private readonly electedWaiters: Array<(leadership: Leadership) => void> = [];
  private readonly lostListeners: Array<(reason: LeadershipLossReason, leadership: Leadership) => void> = [];
  private readonly electedListeners: Array<(leadership: Leadership) => void> = [];

  constructor(private readonly options: LeaderElectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.pollMs =
      options.pollMs ?? Math.min(MAX_DEFAULT_POLL_MS, Math.max(10, Math.floor(options.ttlMs / 10)));
  }

  get domain(): string {
    return this.options.domain;
  }

  /** Leader now: holds the lease and its last confirmed write is less than a TTL old. */
  isLeader(): boolean {
    return !!this.held && this.clock.now() - this.held.confirmedAt < this.options.ttlMs;
  }

  leadership(): Leadership | undefined {
    return this.isLeader() && this.held ? this.leadershipOf(this.held) : undefined;
  }

  /** Starts campaigning; resolves the first time this candidate becomes leader. */
  campaign(): Promise<Leadership> {
    const elected = new Promise<Leadership>((resolve) => this.electedWaiters.push(resolve));
    if (!this.running) {
      this.running = true;
      this.schedule(0);
    }
    const current = this.leadership();
    return current ? Promise.resolve(current) : elected;
  }

  onElected(listener: (leadership: Leadership) => void): void {
    this.electedListeners.push(listener);
  }

  onLost(listener: (reason: LeadershipLossReason, leadership: Leadership) => void): void {
    this.lostListeners.push(listener);
  }

  /** Gives the lease up at once (contenders see the key deleted) and stops campaigning. */
  async resign(): Promise<void> {
    await this.halt('resigned');
  }

  /** Stops campaigning; a held lease is deleted so a successor need not wait for the TTL. */
  async stop(): Promise<void> {
    await this.halt('stopped');
  }

  /**
   * Stops at once without touching the store, as a crashed process would: a held lease stays until it
   * expires or the coordinator revokes it. For simulations and tests of failover.
   */
  abandon(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.held = undefined;
  }

  private async halt(reason: LeadershipLossReason): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.stepping;
    const held = this.held;
    if (!held) return;
    this.lose(reason);
    await this.options.store.remove(electionKey(this.domain), held.revision).catch((error: Error) => {
      this.options.onError?.(error, 'resign');
    });
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.stepping = this.step().finally(() => {
        this.stepping = undefined;
        this.schedule(this.nextDelay());
      });
    }, delayMs);
  }

  private nextDelay(): number {
    return this.pollMs;
  }

  private async step(): Promise<void> {
    try {
      if (this.held) await this.stepAsLeader(this.held);
      else await this.stepAsContender();
    } catch (error) {
      this.options.onError?.(error as Error, this.held ? 'renew' : 'campaign');
    }
    // Whatever happened to the store, a lease not confirmed for a TTL is no longer ours.
    if (this.held && !this.isLeader()) this.lose('expired');
  }

  private async stepAsLeader(held: Held): Promise<void> {
    const now = this.clock.now();
    if (now - held.lastRenewAt < this.options.ttlMs / 4) {
      // Between renewals a read notices a revocation (the coordinator deleting a convicted leader's
      // key) within one poll instead of at the next renewal. A read may come from a lagging replica,
      // so it only triggers an early renewal; the renewal's CAS decides.
      const current = await this.options.store.read(electionKey(this.domain));
      if (!this.running || this.held !== held) return;
      if (current && current.revision <= held.revision) return;
    }
    await this.renew(held);
  }

  private async renew(held: Held): Promise<void> {
    const sentAt = this.clock.now();
    held.lastRenewAt = sentAt;
    const revision = await this.options.store.update(
      electionKey(this.domain),
      this.record(held.acquiredAt, held.token),
      held.revision,
    );
    if (!this.running || this.held !== held) return;
    if (revision === undefined) return this.lose(await this.reasonForConflict());
    held.revision = revision;
    held.confirmedAt = sentAt;
  }

  private async reasonForConflict(): Promise<LeadershipLossReason> {
    const current = await this.options.store.read(electionKey(this.domain)).catch(() => undefined);
    return current ? 'superseded' : 'revoked';
  }

  private async stepAsContender(): Promise<void> {
    const key = electionKey(this.domain);
    const current = await this.options.store.read(key);
    const seenAt = this.clock.now();
    if (!this.running) return;
    if (!current) {
      this.observed = undefined;
      const sentAt = this.clock.now();
      const acquiredAt = new Date(sentAt).toISOString();
      const revision = await this.options.store.create(key, this.record(acquiredAt));
      if (revision !== undefined) this.win(revision, acquiredAt, sentAt);
      return;
    }
    if (!this.observed || this.observed.revision !== current.revision) {
      this.observed = { revision: current.revision, firstSeenAt: seenAt };
      // Our own record that we do not hold: a claim whose reply was lost. Nobody else can have held the
      // key since, so it is taken over at once (with a new token) instead of waiting out our own lease.
      if (current.record.holderId !== this.options.candidateId) return;
    } else if (seenAt - this.observed.firstSeenAt < this.options.ttlMs) {
      return;
    }
    await this.takeOver(current);
  }

  private async takeOver(current: StoredLease): Promise<void> {
    const sentAt = this.clock.now();
    const acquiredAt = new Date(sentAt).toISOString();
    const revision = await this.options.store.update(
      electionKey(this.domain),
      this.record(acquiredAt),
      current.revision,
    );
    this.observed = undefined;
    if (revision !== undefined && this.running) this.win(revision, acquiredAt, sentAt);
  }

  private win(revision: number, acquiredAt: string, sentAt: number): void {
    this.held = { token: revision, revision, acquiredAt, confirmedAt: sentAt, lastRenewAt: sentAt };
    const leadership = this.leadershipOf(this.held);
    for (const resolve of this.electedWaiters.splice(0)) resolve(leadership);
    for (const listener of this.electedListeners) listener(leadership);
  }

  private lose(reason: LeadershipLossReason): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    this.observed = undefined;
    const leadership = this.leadershipOf(held);
    for (const listener of this.lostListeners) listener(reason, leadership);
  }

  private leadershipOf(held: Held): Leadership {
    return { domain: this.domain, leaderId: this.options.candidateId, fencingToken: held.token };
  }

  private record(acquiredAt: string, fencingToken?: number): LeaseRecord {
    return {
      holderId: this.options.candidateId,
      acquiredAt,
      renewedAt: new Date(this.clock.now()).toISOString(),
      ttlMs: this.options.ttlMs,
      ...(fencingToken === undefined ? {} : { fencingToken }),
    };
  }
}
