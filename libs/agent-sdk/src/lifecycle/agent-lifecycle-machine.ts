import type { AgentLifecycle } from '@warden/contracts';

export class InvalidLifecycleTransitionError extends Error {
  constructor(
    readonly from: AgentLifecycle,
    readonly to: AgentLifecycle,
  ) {
    super(`an agent cannot go from ${from} to ${to}`);
    this.name = 'InvalidLifecycleTransitionError';
  }
}

const ALLOWED: Record<AgentLifecycle, readonly AgentLifecycle[]> = {
  starting: ['ready', 'stopping', 'stopped'],
  ready: ['draining', 'stopping', 'stopped'],
  draining: ['ready', 'stopping', 'stopped'],
  stopping: ['stopped'],
  stopped: [],
};

/**
 * starting → ready → draining → stopping → stopped, announced in every heartbeat so that a graceful
 * stop is never read as a failure. Draining can be undone (resume); pausing is separate: a paused agent
 * is ready but takes no new tasks for a while.
 */
export class AgentLifecycleMachine {
  private current: AgentLifecycle = 'starting';
  private paused = false;

  get state(): AgentLifecycle {
    return this.current;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Whether a new task may start now. */
  get acceptsTasks(): boolean {
    return this.current === 'ready' && !this.paused;
  }

  transition(to: AgentLifecycle): void {
    if (to === this.current) return;
    if (!ALLOWED[this.current].includes(to)) throw new InvalidLifecycleTransitionError(this.current, to);
    this.current = to;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    if (this.current === 'draining') this.current = 'ready';
  }
}
