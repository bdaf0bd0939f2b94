interface Leak {
  startBytes: number;
  limitBytes: number;
  rampMs: number;
  startedAt: number;
}

/** What the simulated environment does to one agent right now. */
export class AgentCondition {
  slowFactor = 1;
  errorRatio = 0;
  private leak?: Leak;
  private hangRelease?: Promise<void>;
  private releaseHang?: () => void;

  get leaking(): boolean {
    return this.leak !== undefined;
  }

  get hung(): boolean {
    return this.hangRelease !== undefined;
  }

  /** Resolves when the hang ends (tasks caught in it then proceed, unless they timed out first). */
  get hangOver(): Promise<void> {
    return this.hangRelease ?? Promise.resolve();
  }

  setHung(hung: boolean): void {
    if (hung && !this.hangRelease) this.hangRelease = new Promise((resolve) => (this.releaseHang = resolve));
    if (!hung && this.releaseHang) {
      this.releaseHang();
      this.hangRelease = undefined;
      this.releaseHang = undefined;
    }
  }

  startLeak(startBytes: number, limitBytes: number, rampMs: number, now: number): void {
    this.leak = { startBytes, limitBytes, rampMs, startedAt: now };
  }

  /** Memory of a leaking agent: from startBytes toward just under limitBytes over the ramp; undefined when not leaking. */
  leakedMemory(now: number): { memoryBytes: number; memoryLimitBytes: number } | undefined {
    const leak = this.leak;
    if (!leak) return undefined;
    const progress = leak.rampMs <= 0 ? 1 : Math.min(1, (now - leak.startedAt) / leak.rampMs);
    const ceiling = leak.limitBytes * 0.98;
    return {
      memoryBytes: Math.round(leak.startBytes + (ceiling - leak.startBytes) * progress),
      memoryLimitBytes: leak.limitBytes,
    };
  }

  /** A new process: a hang or a leak was the old process's; slowness and errors belong to the environment. */
  processRestarted(): void {
    this.setHung(false);
    this.leak = undefined;
  }
}

export class AgentConditions {
  private readonly byAgent = new Map<string, AgentCondition>();

  of(agentId: string): AgentCondition {
    let condition = this.byAgent.get(agentId);
    if (!condition) {
      condition = new AgentCondition();
      this.byAgent.set(agentId, condition);
    }
    return condition;
  }

  leaking(): [string, AgentCondition][] {
    return [...this.byAgent].filter(([, condition]) => condition.leaking);
  }
}
