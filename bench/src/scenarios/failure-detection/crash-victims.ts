import type { FailureWatch, ReceivedFailure } from './failure-watch';
import type { JitteredFleet } from './jittered-fleet';

export class DetectionTimeoutError extends Error {
  constructor(
    readonly missing: string[],
    timeoutMs: number,
  ) {
    super(
      `${missing.length} crashed agents not convicted within ${timeoutMs} ms: ${missing.slice(0, 5).join(', ')}`,
    );
    this.name = 'DetectionTimeoutError';
  }
}

export class FalsePositivesError extends Error {
  constructor(
    readonly agentIds: string[],
    agents: number,
    seconds: number,
  ) {
    super(
      `${agentIds.length} live agents of ${agents} convicted over ${seconds.toFixed(0)} s: ${agentIds.slice(0, 5).join(', ')}`,
    );
    this.name = 'FalsePositivesError';
  }
}

export interface Crash {
  index: number;
  agentId: string;
  /** performance.now() of its last heartbeat. */
  lastSentAt: number;
  failure: ReceivedFailure;
}

/**
 * Hands out agents to crash, each once, from the top of the fleet down: `peek` lets a baseline work on
 * the very agents the next subject repetition will crash. Everything handed out is remembered, so the
 * rest of the fleet — agents that never stopped beating — is what false positives are counted on.
 */
export class CrashVictims {
  readonly crashed = new Set<string>();
  private next: number;

  constructor(private readonly fleet: JitteredFleet) {
    this.next = fleet.size - 1;
  }

  peek(count: number): number[] {
    return Array.from({ length: count }, (_, i) => this.next - i).filter((index) => index >= 0);
  }

  /**
   * Crashes `count` agents at random moments within `spreadMs` and waits until each is convicted (or
   * the timeout passes: DetectionTimeoutError).
   */
  async crashAndAwait(
    watch: FailureWatch,
    count: number,
    spreadMs: number,
    timeoutMs: number,
  ): Promise<Crash[]> {
    const victims = this.peek(count);
    this.next -= victims.length;
    const crashes = await Promise.all(
      victims.map(
        (index) =>
          new Promise<Omit<Crash, 'failure'>>((resolve) => {
            const agentId = this.fleet.agentId(index);
            this.crashed.add(agentId);
            setTimeout(
              () => resolve({ index, agentId, lastSentAt: this.fleet.crash(index) }),
              Math.random() * spreadMs,
            );
          }),
      ),
    );
    const deadline = performance.now() + timeoutMs;
    while (crashes.some((crash) => !watch.first(crash.agentId))) {
      if (performance.now() > deadline)
        throw new DetectionTimeoutError(
          crashes.filter((crash) => !watch.first(crash.agentId)).map((crash) => crash.agentId),
          timeoutMs,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return crashes.map((crash) => ({ ...crash, failure: watch.first(crash.agentId) as ReceivedFailure }));
  }
}
