import type { HealthState, Heartbeat, HeartbeatLoadFigures } from '@warden/contracts';
import type { CircuitBreaker } from '../breaker/circuit-breaker';
import { AgentSlot } from './agent-slot';
import type { FleetSettings } from './fleet-settings';

/** The heartbeat fields the view keeps (a Heartbeat message fits). */
export type AgentBeat = HeartbeatLoadFigures &
  Pick<Heartbeat, 'agentId' | 'hostId' | 'zone' | 'incarnation' | 'lifecycle'> & {
    // Readonly: the view only copies the list into a set, so callers may hand it a frozen one.
    capabilities: readonly string[];
  };

const EMPTY: readonly AgentSlot[] = [];

/**
 * Every agent this replica routes to, kept from heartbeats, health verdicts, suspicions, failures and
 * quarantines. The pools (all agents, agents per capability) are replaced, never mutated, when
 * membership changes, so a strategy may cache per pool (the hash ring) and a pick never sees a
 * half-updated array.
 */
export class FleetView {
  private readonly slots = new Map<string, AgentSlot>();
  private everyone: readonly AgentSlot[] = EMPTY;
  private byCapability = new Map<string, readonly AgentSlot[]>();
  private poolsStale = false;
  private panicking = false;
  private routableShareValue = 1;

  constructor(
    readonly settings: FleetSettings,
    private readonly breakerOf: (agentId: string) => CircuitBreaker,
  ) {}

  get size(): number {
    return this.slots.size;
  }

  get all(): readonly AgentSlot[] {
    if (this.poolsStale) this.rebuildPools();
    return this.everyone;
  }

  /** True while fewer than `panicThreshold` of the agents are routable (see `refresh`). */
  get panic(): boolean {
    return this.panicking;
  }

  get routableShare(): number {
    return this.routableShareValue;
  }

  get(agentId: string): AgentSlot | undefined {
    return this.slots.get(agentId);
  }

  /** The agents that have every capability in the list come from this pool (the smallest one). */
  poolFor(requiredCapabilities: readonly string[]): readonly AgentSlot[] {
    if (this.poolsStale) this.rebuildPools();
    let pool = this.everyone;
    for (const capability of requiredCapabilities) {
      const candidates = this.byCapability.get(capability) ?? EMPTY;
      if (candidates.length < pool.length) pool = candidates;
    }
    return pool;
  }

  routable(slot: AgentSlot, now: number): boolean {
    return slot.routable(now, this.settings.staleAfterMs, this.panicking);
  }

  /** Relative weight: slow start for a new incarnation, less for a degraded agent. */
  weight(slot: AgentSlot, now: number): number {
    const { slowStartMs, slowStartMinWeight, degradedWeight } = this.settings;
    let weight = 1;
    const age = now - slot.firstSeenAt;
    if (age < slowStartMs) weight = Math.max(slowStartMinWeight, age / slowStartMs);
    if (slot.health === 'degraded' || slot.health === 'unhealthy' || slot.suspectedAt > 0)
      weight *= degradedWeight;
    return weight;
  }

  applyHeartbeat(beat: AgentBeat, now: number): AgentSlot {
    let slot = this.slots.get(beat.agentId);
    let membershipChanged = false;
    if (!slot) {
      slot = new AgentSlot(beat.agentId, this.breakerOf(beat.agentId));
      this.slots.set(beat.agentId, slot);
      membershipChanged = true;
    }
    if (beat.incarnation !== slot.incarnation) {
      if (beat.incarnation > slot.incarnation) slot.firstSeenAt = now;
      slot.incarnation = beat.incarnation;
      slot.observedLatencyMs = 0;
      slot.health = 'healthy';
    }
    if (!sameCapabilities(slot.capabilities, beat.capabilities)) {
      slot.capabilities = new Set(beat.capabilities);
      membershipChanged = true;
    }
    slot.hostId = beat.hostId;
    slot.zone = beat.zone;
    slot.capacity = Math.max(1, beat.capacity);
    slot.lifecycle = beat.lifecycle;
    slot.reportedInFlight = beat.inFlightTasks;
    slot.queueDepth = beat.queueDepth;
    slot.cpuRatio = beat.cpuRatio;
    slot.memoryRatio = beat.memoryLimitBytes ? Math.min(1, beat.memoryBytes / beat.memoryLimitBytes) : 0;
    slot.errorRatio = beat.errorRatio;
    slot.reportedLatencyMs = beat.latencyEwmaMs;
    slot.lastHeartbeatAt = now;
    slot.suspectedAt = 0;
    // Rebuilt at the next decision, not per beat: ten thousand agents joining cost one rebuild, not n².
    if (membershipChanged) this.poolsStale = true;
    return slot;
  }

  applyHealth(agentId: string, state: HealthState, incarnation: number): void {
    const slot = this.slots.get(agentId);
    if (!slot || incarnation < slot.incarnation) return;
    slot.health = state;
  }

  suspect(agentId: string, incarnation: number, now: number): void {
    const slot = this.slots.get(agentId);
    if (slot && incarnation >= slot.incarnation) slot.suspectedAt = now;
  }

  /** The failure detector convicted this incarnation: no new work until a newer one beats. */
  fail(agentId: string, incarnation: number): void {
    const slot = this.slots.get(agentId);
    if (slot) slot.failedIncarnation = Math.max(slot.failedIncarnation, incarnation);
  }

  quarantine(agentId: string, until: number): void {
    const slot = this.slots.get(agentId);
    if (slot) slot.quarantinedUntil = until;
  }

  /** Recomputes the panic flag and forgets agents silent for ten stale periods. */
  refresh(now: number): void {
    const forgetAfter = this.settings.staleAfterMs * 10;
    let forgotten = false;
    for (const slot of this.all) {
      if (now - slot.lastHeartbeatAt > forgetAfter && slot.localInFlight === 0) {
        this.slots.delete(slot.agentId);
        forgotten = true;
      }
    }
    if (forgotten) this.rebuildPools();
    let routable = 0;
    let present = 0;
    for (const slot of this.everyone) {
      if (slot.lifecycle !== 'ready' || now - slot.lastHeartbeatAt > this.settings.staleAfterMs) continue;
      present++;
      if (slot.routable(now, this.settings.staleAfterMs, false)) routable++;
    }
    this.routableShareValue = present === 0 ? 1 : routable / present;
    this.panicking = present > 0 && this.routableShareValue < this.settings.panicThreshold;
  }

  private rebuildPools(): void {
    this.poolsStale = false;
    this.everyone = [...this.slots.values()];
    const pools = new Map<string, AgentSlot[]>();
    for (const slot of this.everyone) {
      for (const capability of slot.capabilities) {
        let pool = pools.get(capability);
        if (!pool) pools.set(capability, (pool = []));
        pool.push(slot);
      }
    }
    this.byCapability = pools;
  }
}

function sameCapabilities(current: ReadonlySet<string>, next: readonly string[]): boolean {
  if (current.size !== next.length) return false;
  for (const capability of next) if (!current.has(capability)) return false;
  return true;
}
