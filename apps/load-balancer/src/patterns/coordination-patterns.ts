import type { TaskPriority, TaskResult, TaskSubmitted } from '@warden/contracts';
import type { RunOptions } from '../dispatch/task-dispatcher';
import type { FleetView } from '../fleet/fleet-view';
import { PatternFailedError } from './pattern-errors';

/** One unit of a pattern; the pattern derives task ids from its own id, so a repeated call is de-duplicated. */
export interface PatternTask {
  taskType: string;
  payload: Record<string, unknown>;
  requiredCapabilities?: string[];
  preferredZones?: string[];
  priority?: TaskPriority;
  timeoutMs?: number;
  maxAttempts?: number;
  affinityKey?: string;
}

/** What runs a task to its final result: the dispatcher. */
export interface TaskRunning {
  run(task: TaskSubmitted, options?: RunOptions): Promise<TaskResult>;
}

export interface BroadcastOutcome {
  /** Every agent's result, by agent id. */
  results: Map<string, TaskResult>;
  /** Agents that produced no result, with why. */
  failures: Map<string, string>;
}

export interface MapReduceSpec<R> {
  items: readonly unknown[];
  itemsPerTask: number;
  map: PatternTask;
  /** Reduce in the balancer (a function) or as one more routed task (its payload gets `results`). */
  reduce: ((results: readonly TaskResult[]) => R) | PatternTask;
}

/**
 * The coordination patterns over the dispatcher: assignment, broadcast, pipeline, scatter-gather
 * with a quorum, MapReduce. Every unit is a task with its own id derived from the pattern's id, routed,
 * retried and reassigned like any other.
 */
export class CoordinationPatterns {
  constructor(
    private readonly tasks: TaskRunning,
    private readonly fleet: FleetView,
    private readonly submittedBy: string,
  ) {}

  /** One agent, chosen by the task type's strategy. */
  assign(taskId: string, task: PatternTask): Promise<TaskResult> {
    return this.tasks.run(this.submission(taskId, task));
  }

  /** Every routable agent with the capabilities runs the task once; all results are gathered. */
  async broadcast(broadcastId: string, task: PatternTask): Promise<BroadcastOutcome> {
    const now = Date.now();
    const required = task.requiredCapabilities ?? [];
    const agents = this.fleet
      .poolFor(required)
      .filter((slot) => this.fleet.routable(slot, now) && required.every((c) => slot.capabilities.has(c)))
      .map((slot) => slot.agentId);
    const settled = await Promise.allSettled(
      agents.map((agentId) =>
        this.tasks.run(this.submission(`${broadcastId}-${agentId}`.slice(0, 128), task), {
          pinnedAgent: agentId,
        }),
      ),
    );
    const outcome: BroadcastOutcome = { results: new Map(), failures: new Map() };
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') outcome.results.set(agents[index], result.value);
      else outcome.failures.set(agents[index], String((result.reason as Error)?.message ?? result.reason));
    });
    return outcome;
  }

  /**
   * Stages in order, each routed on its own; a stage's payload gets the previous stage's result as
   * `input`. Stops at the first stage without success.
   */
  async pipeline(
    pipelineId: string,
    stages: readonly PatternTask[],
    input: Record<string, unknown> = {},
  ): Promise<TaskResult[]> {
    const results: TaskResult[] = [];
    let carried: Record<string, unknown> = input;
    for (let index = 0; index < stages.length; index++) {
      const stage = stages[index];
      const result = await this.tasks.run(
        this.submission(`${pipelineId}-stage-${index}`, {
          ...stage,
          payload: { ...stage.payload, input: carried },
        }),
      );
      results.push(result);
      if (result.outcome !== 'succeeded')
        throw new PatternFailedError(
          'pipeline',
          `stage ${index} (${stage.taskType}) ${result.outcome}`,
          results,
        );
      carried = result.result ?? {};
    }
    return results;
  }

  /**
   * `copies` copies on distinct agents; resolves with the first `quorum` successes (quorum = copies
   * waits for all), fails as soon as the quorum can no longer be reached. Copies still running after
   * the answer finish on their agents; their results are not waited for.
   */
  scatterGather(gatherId: string, task: PatternTask, copies: number, quorum = copies): Promise<TaskResult[]> {
    if (quorum < 1 || quorum > copies) throw new RangeError(`quorum ${quorum} must be within 1..${copies}`);
    const taken = new Set<string>();
    const options: RunOptions = { exclude: taken, onAssigned: (agentId) => taken.add(agentId) };
    return new Promise<TaskResult[]>((resolve, reject) => {
      const successes: TaskResult[] = [];
      const all: TaskResult[] = [];
      let failed = 0;
      let settled = false;
      const fail = (): void => {
        failed++;
        if (!settled && failed > copies - quorum) {
          settled = true;
          reject(
            new PatternFailedError(
              'scatter-gather',
              `${failed} of ${copies} copies failed; quorum ${quorum} unreachable`,
              all,
            ),
          );
        }
      };
      for (let copy = 0; copy < copies; copy++) {
        // Each copy gets one attempt's worth of retries on agents no other copy has used.
        this.tasks.run(this.submission(`${gatherId}-copy-${copy}`, task), options).then(
          (result) => {
            all.push(result);
            if (result.outcome !== 'succeeded') return fail();
            successes.push(result);
            if (!settled && successes.length === quorum) {
              settled = true;
              resolve([...successes]);
            }
          },
          () => fail(),
        );
      }
    });
  }

  /** Splits the items into map tasks run across agents, then reduces their results. */
  async mapReduce<R>(jobId: string, spec: MapReduceSpec<R>): Promise<R | TaskResult> {
    const chunks: unknown[][] = [];
    for (let i = 0; i < spec.items.length; i += spec.itemsPerTask)
      chunks.push(spec.items.slice(i, i + spec.itemsPerTask));
    const mapped = await Promise.all(
      chunks.map((items, index) =>
        this.tasks.run(
          this.submission(`${jobId}-map-${index}`, { ...spec.map, payload: { ...spec.map.payload, items } }),
        ),
      ),
    );
    const failed = mapped.filter((result) => result.outcome !== 'succeeded');
    if (failed.length > 0)
      throw new PatternFailedError(
        'map-reduce',
        `${failed.length} of ${mapped.length} map tasks failed`,
        mapped,
      );
    if (typeof spec.reduce === 'function') return spec.reduce(mapped);
    const reduced = await this.tasks.run(
      this.submission(`${jobId}-reduce`, {
        ...spec.reduce,
        payload: { ...spec.reduce.payload, results: mapped.map((result) => result.result ?? {}) },
      }),
    );
    if (reduced.outcome !== 'succeeded')
      throw new PatternFailedError('map-reduce', `reduce ${reduced.outcome}`, [...mapped, reduced]);
    return reduced;
  }

  private submission(taskId: string, task: PatternTask): TaskSubmitted {
    return {
      taskId,
      taskType: task.taskType,
      priority: task.priority ?? 'normal',
      requiredCapabilities: task.requiredCapabilities ?? [],
      preferredZones: task.preferredZones ?? [],
      payload: task.payload,
      timeoutMs: task.timeoutMs ?? 30_000,
      maxAttempts: task.maxAttempts ?? 3,
      affinityKey: task.affinityKey,
      submittedBy: this.submittedBy,
      submittedAt: new Date().toISOString(),
    };
  }
}
