import { AgentNotAcceptingTasksError, AgentOverloadedError, type AgentHandle } from '@warden/agent-sdk';
import type { TaskDispatch } from '@warden/contracts';
import type { RunCounters } from '../summary/run-counters';
import type { SeededRandom } from '@warden/agent-sdk';

const TICK_MS = 100;

/**
 * Feeds every live agent `tasksPerAgentPerSecond` synthetic tasks through its own TaskRunner, from one
 * timer for the whole fleet. Each agent keeps fractional credit between ticks, seeded at random, so low
 * rates still average out right and agents do not all receive their task on the same tick.
 */
export class SyntheticLoad {
  private readonly credit = new WeakMap<AgentHandle, number>();
  private timer?: NodeJS.Timeout;
  private taskCounter = 0;

  constructor(
    private readonly liveAgents: () => AgentHandle[],
    private readonly options: { tasksPerAgentPerSecond: number; taskTimeoutMs: number },
    private readonly counters: RunCounters,
    private readonly random: SeededRandom,
    private readonly report: (line: string) => void,
  ) {}

  start(): void {
    if (this.options.tasksPerAgentPerSecond <= 0) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const perTick = (this.options.tasksPerAgentPerSecond * TICK_MS) / 1000;
    for (const agent of this.liveAgents()) {
      let credit = (this.credit.get(agent) ?? this.random.next()) + perTick;
      while (credit >= 1) {
        credit -= 1;
        this.submit(agent);
      }
      this.credit.set(agent, credit);
    }
  }

  private submit(agent: AgentHandle): void {
    const task: TaskDispatch = {
      taskId: `sim-${++this.taskCounter}`,
      taskType: 'synthetic',
      priority: 'normal',
      payload: {},
      attempt: 1,
      timeoutMs: this.options.taskTimeoutMs,
      assignedAt: new Date().toISOString(),
    };
    agent.runTask(task).then(
      (result) => {
        if (result.outcome === 'succeeded') this.counters.tasksSucceeded++;
        else if (result.outcome === 'timed-out') this.counters.tasksTimedOut++;
        else if (result.outcome === 'failed') this.counters.tasksFailed++;
      },
      (error: unknown) => {
        if (error instanceof AgentNotAcceptingTasksError || error instanceof AgentOverloadedError)
          this.counters.tasksRefused++;
        else this.report(`synthetic task on ${agent.id} failed unexpectedly: ${(error as Error).message}`);
      },
    );
  }
}
