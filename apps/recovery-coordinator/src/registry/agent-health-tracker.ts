import type { AgentLifecycle, HealthState } from '@warden/contracts';

/** One verdict about one incarnation, from a HealthStateChanged event or a registry record. */
export interface HealthObservation {
  agentId: string;
  incarnation: number;
  state: HealthState;
  lifecycle?: AgentLifecycle;
}

interface Waiter {
  agentIds: ReadonlySet<string>;
  check: () => boolean;
  resolve: (met: boolean) => void;
}

/**
 * What the coordinator has seen of agents' health, and waits on it. A recovery succeeds only once an
 * agent was reported healthy with an incarnation newer than the one that failed; that fact, once seen,
 * stays true, so the tracker keeps the highest incarnation seen healthy per agent (one number each)
 * besides the latest verdict.
 */
export class AgentHealthTracker {
  private readonly healthyIncarnation = new Map<string, number>();
  private readonly latest = new Map<string, HealthObservation>();
  private readonly waiters = new Set<Waiter>();

  observe(observation: HealthObservation): void {
    const { agentId, incarnation, state } = observation;
    if (state === 'healthy' && incarnation > (this.healthyIncarnation.get(agentId) ?? 0))
      this.healthyIncarnation.set(agentId, incarnation);
    const previous = this.latest.get(agentId);
    if (!previous || previous.incarnation <= incarnation) this.latest.set(agentId, observation);
    for (const waiter of [...this.waiters]) {
      if (waiter.agentIds.has(agentId) && waiter.check()) this.settle(waiter, true);
    }
  }

  /** True once the agent was reported healthy in an incarnation newer than `incarnation`. */
  healthyAfter(agentId: string, incarnation: number): boolean {
    return (this.healthyIncarnation.get(agentId) ?? 0) > incarnation;
  }

  /** The newest incarnation heard of and its latest verdict. */
  latestOf(agentId: string): HealthObservation | undefined {
    return this.latest.get(agentId);
  }

  /** True when the agent's `incarnation` reports draining (it took the drain on). */
  draining(agentId: string, incarnation: number): boolean {
    const latest = this.latest.get(agentId);
    return (
      latest !== undefined &&
      latest.incarnation === incarnation &&
      (latest.state === 'draining' || latest.lifecycle === 'draining')
    );
  }

  /**
   * Resolves true as soon as `check` holds (checked now and after each observation of `agentIds`), false
   * at `deadlineAt`; rejects with the signal's reason when it aborts.
   */
  waitFor(
    agentIds: readonly string[],
    check: () => boolean,
    deadlineAt: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        agentIds: new Set(agentIds),
        check,
        resolve: (met) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(met);
        },
      };
      const onAbort = (): void => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
        reject(signal.reason as Error);
      };
      const timer = setTimeout(() => this.settle(waiter, check()), Math.max(0, deadlineAt - Date.now()));
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  private settle(waiter: Waiter, met: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    waiter.resolve(met);
  }
}
