import type { Fleet } from '../fleet/fleet';
import type { RunCounters } from '../summary/run-counters';
import type { AgentConditions } from './agent-conditions';
import type { FaultAction } from './fault-action';

const LEAK_UPDATE_MS = 1000;

/** Carries out the fault schedule against the running fleet, each action at its time from the start. */
export class FaultInjector {
  private readonly timers = new Set<NodeJS.Timeout>();
  private leakTimer?: NodeJS.Timeout;

  constructor(
    private readonly actions: readonly FaultAction[],
    private readonly fleet: Fleet,
    private readonly conditions: AgentConditions,
    private readonly counters: RunCounters,
    private readonly report: (line: string) => void,
  ) {}

  start(): void {
    for (const action of this.actions) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.apply(action);
      }, action.atMs);
      this.timers.add(timer);
    }
    this.leakTimer = setInterval(() => this.updateLeaks(), LEAK_UPDATE_MS);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearInterval(this.leakTimer);
  }

  private apply(action: FaultAction): void {
    if (action.begins) this.counters.faultInjected(action.kind);
    const failed = (error: unknown): void =>
      this.report(`${action.kind} action ${action.type} failed: ${(error as Error).message}`);
    switch (action.type) {
      case 'crash':
        for (const agentId of action.agents) this.fleet.crash(agentId);
        this.report(`${action.kind}: crashed ${describe(action.agents)}`);
        break;
      case 'revive':
        for (const agentId of action.agents) this.fleet.revive(agentId).catch(failed);
        this.report(`${action.kind}: ${describe(action.agents)} back by itself`);
        break;
      case 'hang':
        for (const agentId of action.agents) this.conditions.of(agentId).setHung(action.hung);
        this.report(
          `hang: ${describe(action.agents)} ${action.hung ? 'hung (beating, tasks stuck)' : 'no longer hung'}`,
        );
        break;
      case 'slow':
        for (const agentId of action.agents) this.conditions.of(agentId).slowFactor = action.factor;
        this.report(
          `slow: ${describe(action.agents)} ${action.factor === 1 ? 'back to normal speed' : `${action.factor}x slower`}`,
        );
        break;
      case 'errors':
        for (const agentId of action.agents) this.conditions.of(agentId).errorRatio = action.errorRatio;
        this.report(
          `error-burst: ${describe(action.agents)} ${action.errorRatio === 0 ? 'over' : `failing ${Math.round(action.errorRatio * 100)}% of tasks`}`,
        );
        break;
      case 'leak':
        for (const agentId of action.agents)
          this.conditions
            .of(agentId)
            .startLeak(action.startBytes, action.limitBytes, action.rampMs, Date.now());
        this.updateLeaks();
        this.report(
          `memory-leak: ${describe(action.agents)} leaking toward ${Math.round(action.limitBytes / 2 ** 20)} MiB`,
        );
        break;
      case 'partition':
        this.report(
          `host-partition: ${action.host} cut off from NATS for ${Math.round(action.durationMs / 1000)}s`,
        );
        this.fleet
          .partition(action.host, action.durationMs)
          .then(() => this.report(`host-partition: ${action.host} reconnected`))
          .catch(failed);
        break;
    }
  }

  private updateLeaks(): void {
    const now = Date.now();
    for (const [agentId, condition] of this.conditions.leaking()) {
      const memory = condition.leakedMemory(now);
      const agent = this.fleet.agent(agentId);
      if (memory && agent?.alive) agent.overrideFigures(memory);
    }
  }
}

function describe(agents: readonly string[]): string {
  return agents.length <= 3
    ? agents.join(', ')
    : `${agents.length} agents (${agents[0]} … ${agents[agents.length - 1]})`;
}
