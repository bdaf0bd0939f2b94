import type { BreakerTransition } from '@warden/contracts';
import type { BreakerSettings } from './breaker-settings';
import { CircuitBreaker, type BreakerChange, type RemoteBreakerState } from './circuit-breaker';

/**
 * Creates the breakers of this replica and keeps them converged with the other replicas: a remote
 * transition is adopted by the agent's breaker, or kept until the agent is first seen here (a replica
 * that starts late learns every open breaker from the transitions it receives).
 */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly early = new Map<string, RemoteBreakerState>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly instanceId: string,
    private readonly onLocalChange: (change: BreakerChange) => void,
  ) {}

  breakerOf(agentId: string): CircuitBreaker {
    let breaker = this.breakers.get(agentId);
    if (breaker) return breaker;
    breaker = new CircuitBreaker(agentId, this.settings, this.instanceId, this.onLocalChange);
    const remembered = this.early.get(agentId);
    if (remembered) breaker.adopt(remembered);
    this.early.delete(agentId);
    this.breakers.set(agentId, breaker);
    return breaker;
  }

  /** Applies another replica's transition; true when this replica's view changed. */
  applyRemote(transition: BreakerTransition): boolean {
    if (transition.decidedBy === this.instanceId) return false;
    const remote: RemoteBreakerState = {
      state: transition.state,
      generation: transition.generation,
      consecutiveOpenings: transition.consecutiveOpenings,
      openUntil: transition.openUntil ? Date.parse(transition.openUntil) : undefined,
      decidedBy: transition.decidedBy,
    };
    const breaker = this.breakers.get(transition.agentId);
    if (breaker) return breaker.adopt(remote);
    const known = this.early.get(transition.agentId);
    if (!known || known.generation <= remote.generation) this.early.set(transition.agentId, remote);
    return false;
  }

  states(): Map<string, CircuitBreaker> {
    return this.breakers;
  }
}
