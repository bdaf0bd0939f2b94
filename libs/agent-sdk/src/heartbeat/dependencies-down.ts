import { MessageLimits, assertIdToken } from '@warden/contracts';

/**
 * One more dependency reported down than a heartbeat may carry. Refused at the report rather than at
 * the beat: a heartbeat over the limit fails validation, is never sent, and the agent is then convicted
 * of a heartbeat timeout for reporting too much.
 */
export class TooManyDependenciesDownError extends Error {
  override readonly name = 'TooManyDependenciesDownError';

  constructor(
    readonly dependency: string,
    readonly limit: number,
  ) {
    super(
      `cannot report dependency ${dependency} down: ${limit} are already down, the most a heartbeat carries (dependenciesPerAgent)`,
    );
  }
}

/** The dependencies an agent reports down, as its heartbeats carry them (the contract's limits). */
export class DependenciesDown {
  private readonly down = new Set<string>();

  get names(): ReadonlySet<string> {
    return this.down;
  }

  report(name: string, state: 'up' | 'down'): void {
    assertIdToken('dependency name', name);
    if (state === 'up') {
      this.down.delete(name);
      return;
    }
    if (!this.down.has(name) && this.down.size >= MessageLimits.dependenciesPerAgent)
      throw new TooManyDependenciesDownError(name, MessageLimits.dependenciesPerAgent);
    this.down.add(name);
  }
}
