import type { TaskAssigned, TaskDispatch, TaskResult, TaskSubmitted } from '@warden/contracts';
import type { BreakerPermit } from '../breaker/breaker-permit';
import { LocalTaskClaims } from '../claims/local-task-claims';
import type { TaskClaims } from '../claims/task-claims';
import type { FleetView } from '../fleet/fleet-view';
import type { RouteDecision, RouteRequest, Router } from '../routing/router';
import type { AgentTransport } from './agent-transport';
import { CapacityWaiters } from './capacity-waiters';
import { AttemptFailedError, NoAgentAvailableError, TaskDeadlineExceededError } from './dispatch-errors';
import type { DispatchObserver } from './dispatch-observer';
import type { DispatchSettings } from './dispatch-settings';
import { RecentOutcomes } from './recent-outcomes';
import { ResultWaiters } from './result-waiters';
import type { RetryBudget } from './retry-budget';

/** A routing decision and the breaker permit its attempt must settle. */
interface Admission {
  decision: RouteDecision;
  permit: BreakerPermit;
}

export interface RunOptions {
  /** Send to this agent only (broadcast): no routing, no retry elsewhere. */
  pinnedAgent?: string;
  /** Agents not to use, read at every decision (scatter-gather shares one set across its copies). */
  exclude?: ReadonlySet<string>;
  /** Told the agent of every attempt (scatter-gather adds it to the shared exclusions). */
  onAssigned?: (agentId: string) => void;
  /** The COORDINATION sequence of a durable submission, kept with the claim for re-reading it. */
  submissionSequence?: number;
  /** See ClaimRequest: when to take the task's claim over from the replica holding it. */
  takeOverFrom?: string;
}

/**
 * Runs one task to its final result: route, dispatch with the task id as idempotency key, wait for
 * the result, and on a refusal, an unreachable or lost agent, a missing result or a retryable failure
 * try another agent — within `maxAttempts`, the retry budget and the task's deadline. A task id
 * submitted again while running joins the run; once finished, gets the remembered result. Across
 * replicas the same holds through the shared claims: a task id claimed elsewhere is not run here, the
 * caller gets the other replica's final result. A lost agent's attempts are reassigned at once and
 * outside the retry budget: losing an agent is not the task's fault and no task may be lost with it.
 */
export class TaskDispatcher {
  private readonly running = new Map<string, Promise<TaskResult>>();
  /** Task ids whose claim's final write (result or release) is in flight. */
  private readonly settling = new Set<string>();
  private readonly finished: RecentOutcomes<Promise<TaskResult>>;
  /** Final results other replicas' attempts produced, so a task taken over from a dead replica is not run again. */
  private readonly seenElsewhere: RecentOutcomes<TaskResult>;
  readonly waiters = new ResultWaiters();
  readonly capacity: CapacityWaiters;

  constructor(
    private readonly fleet: FleetView,
    private readonly router: Router,
    private readonly transport: AgentTransport,
    private readonly budget: RetryBudget,
    private readonly settings: DispatchSettings,
    private readonly instanceId: string,
    private readonly observer: DispatchObserver,
    private readonly now: () => number = Date.now,
    private claims: TaskClaims = new LocalTaskClaims(),
  ) {
    this.finished = new RecentOutcomes(settings.rememberedResults);
    this.seenElsewhere = new RecentOutcomes(settings.rememberedResults);
    this.capacity = new CapacityWaiters(settings.waitQueueLimit);
  }

  /** The shared claims, set at start once their bucket is open (before any task is taken). */
  useClaims(claims: TaskClaims): void {
    this.claims = claims;
  }

  /**
   * Whether this replica runs the task now (its claim is held by a live run here). A run whose final
   * result or release is still being written counts: until that write lands the stored claim says
   * "running", and a replica told otherwise would take the claim over and run the task again.
   */
  isRunning(taskId: string): boolean {
    return this.running.has(taskId) || this.settling.has(taskId);
  }

  get inFlight(): number {
    return this.running.size;
  }

  run(task: TaskSubmitted, options: RunOptions = {}): Promise<TaskResult> {
    const known = this.running.get(task.taskId) ?? this.finished.get(task.taskId);
    if (known) return known;
    const run = this.claimAndRun(task, options);
    this.running.set(task.taskId, run);
    const forget = (): void => {
      this.running.delete(task.taskId);
      this.finished.set(task.taskId, run);
    };
    run.then(forget, forget);
    return run;
  }

  /** A result arrived on `coordination.tasks.result.*` (every replica sees every result; most are not ours). */
  onResult(result: TaskResult): void {
    if (this.waiters.deliver(result)) return;
    if (result.outcome === 'succeeded' || !result.error?.retryable)
      this.seenElsewhere.set(result.taskId, result);
  }

  /** The agent's current work is gone (failure event, hand-off): its open attempts are reassigned. */
  agentLost(agentId: string, detail: string): number {
    return this.waiters.agentLost(agentId, detail);
  }

  /** Capacity may have freed elsewhere (a new agent, a breaker closing): waiting tasks try again. */
  capacityChanged(): void {
    this.capacity.wakeAll();
  }

  /** Runs the task if this replica holds its claim; otherwise waits for the final result of the holder's run. */
  private async claimAndRun(task: TaskSubmitted, options: RunOptions): Promise<TaskResult> {
    const deadline = this.now() + task.timeoutMs;
    for (;;) {
      const claim = await this.claims.claim({
        task,
        runUntil: deadline + this.settings.resultGraceMs,
        submissionSequence: options.submissionSequence,
        takeOverFrom: options.takeOverFrom,
      });
      if (claim.kind === 'finished') return claim.result;
      if (claim.kind === 'ours') return this.runClaimed(task, options);
      const result = await this.claims.finished(task.taskId, deadline);
      if (result) return result;
      // Not finished: either the deadline passed, or the holder gave the claim up (claim again).
      if (this.now() >= deadline) throw new TaskDeadlineExceededError(task.taskId, task.timeoutMs, 0);
    }
  }

  private async runClaimed(task: TaskSubmitted, options: RunOptions): Promise<TaskResult> {
    try {
      const result = this.seenElsewhere.get(task.taskId) ?? (await this.execute(task, options));
      this.settleClaim(task.taskId, this.claims.finish(task.taskId, result));
      return result;
    } catch (error) {
      this.settleClaim(task.taskId, this.claims.release(task.taskId));
      throw error;
    }
  }

  /** The caller gets its answer without waiting for the claim's write; `isRunning` covers the gap. */
  private settleClaim(taskId: string, write: Promise<void>): void {
    this.settling.add(taskId);
    const settled = (): void => {
      this.settling.delete(taskId);
    };
    write.then(settled, settled);
  }

  private async execute(task: TaskSubmitted, options: RunOptions): Promise<TaskResult> {
    const startedAt = this.now();
    const deadline = startedAt + task.timeoutMs;
    const tried = new Set<string>();
    const refused = new Set<string>();
    const request: RouteRequest = {
      taskType: task.taskType,
      requiredCapabilities: task.requiredCapabilities,
      preferredZones: task.preferredZones,
      priority: task.priority,
      affinityKey: task.affinityKey,
    };
    this.budget.firstAttempt(startedAt);
    let attempt = 0;
    let failures = 0;
    let reassignments = 0;
    let lastResult: TaskResult | undefined;
    try {
      for (;;) {
        const { decision, permit } = await this.acquire(task, request, tried, refused, deadline, options);
        attempt++;
        // A refusal or a lost agent is retried outside maxAttempts and the budget; a failure is not.
        let budgeted = true;
        try {
          const result = await this.attempt(task, decision, permit, attempt, deadline);
          if (result.outcome === 'succeeded' || !result.error?.retryable)
            return this.done(task, result, startedAt);
          lastResult = result;
          tried.add(decision.slot.agentId);
          failures++;
        } catch (error) {
          if (!(error instanceof AttemptFailedError)) throw error;
          this.observer.attemptFailed(task, attempt, error);
          if (error.kind === 'refused') {
            refused.add(error.agentId);
            budgeted = false;
          } else if (error.kind === 'lost' && reassignments < this.settings.maxReassignments) {
            tried.add(error.agentId);
            reassignments++;
            budgeted = false;
          } else {
            tried.add(error.agentId);
            failures++;
          }
        }
        const now = this.now();
        const stop =
          options.pinnedAgent !== undefined ||
          now >= deadline ||
          failures >= task.maxAttempts ||
          (budgeted && !this.budget.tryRetry(now));
        if (!stop) continue;
        if (lastResult) return this.done(task, lastResult, startedAt);
        throw now >= deadline
          ? new TaskDeadlineExceededError(task.taskId, task.timeoutMs, attempt)
          : new NoAgentAvailableError(
              task.taskId,
              `gave up after ${attempt} attempts (attempt limit or retry budget)`,
            );
      }
    } catch (error) {
      this.observer.gaveUp(task, error as Error);
      throw error;
    }
  }

  private done(task: TaskSubmitted, result: TaskResult, startedAt: number): TaskResult {
    this.observer.completed(task, result, this.now() - startedAt);
    return result;
  }

  /** A decision for the next attempt, waiting in the task's lane while no agent has headroom. */
  private async acquire(
    task: TaskSubmitted,
    request: RouteRequest,
    tried: ReadonlySet<string>,
    refused: Set<string>,
    deadline: number,
    options: RunOptions,
  ): Promise<Admission> {
    const pinnedAgent = options.pinnedAgent;
    const shared = options.exclude;
    for (;;) {
      const now = this.now();
      request.exclude =
        tried.size + refused.size + (shared?.size ?? 0) === 0
          ? undefined
          : new Set([...tried, ...refused, ...(shared ?? [])]);
      const started = performance.now();
      const decision =
        pinnedAgent === undefined ? this.router.route(request, now) : this.pinned(pinnedAgent, now);
      if (decision) {
        // Taken before any await: submissions arriving in one burst are routed one after another in the
        // same tick, and each must see the work the previous decisions just gave out, or they all herd
        // onto the agent that looked cheapest. Concurrent scatter-gather copies likewise.
        decision.slot.localInFlight++;
        const permit = decision.slot.breaker.callStarted();
        options.onAssigned?.(decision.slot.agentId);
        this.observer.routed(task, 0, decision, (performance.now() - started) * 1000);
        return { decision, permit };
      }
      if (pinnedAgent !== undefined)
        throw new NoAgentAvailableError(task.taskId, `agent ${pinnedAgent} is not routable`);
      if (now >= deadline)
        throw new NoAgentAvailableError(task.taskId, 'no routable agent with headroom before the deadline');
      if (this.capacity.full)
        throw new NoAgentAvailableError(task.taskId, `${this.capacity.waiting} tasks already waiting`);
      await this.capacity.wait(task.priority, Math.min(deadline - now, 250));
      // An agent that refused (overloaded, draining) may have room now.
      refused.clear();
    }
  }

  private pinned(agentId: string, now: number): RouteDecision | undefined {
    const slot = this.fleet.get(agentId);
    if (!slot || !this.fleet.routable(slot, now) || !slot.breaker.allows(now)) return undefined;
    return { slot, strategy: 'preference', considered: 1, reason: 'pinned by the pattern (broadcast)' };
  }

  private async attempt(
    task: TaskSubmitted,
    decision: RouteDecision,
    permit: BreakerPermit,
    attempt: number,
    deadline: number,
  ): Promise<TaskResult> {
    const slot = decision.slot;
    const startedAt = this.now();
    const remainingMs = Math.max(1, deadline - startedAt);
    // The slot's work and the breaker's permit were taken at the decision (acquire); the permit is
    // settled on every path out of here, at the latest as a release in `finally`.
    const result = this.waiters.register(task.taskId, slot.agentId);
    // A rejection that nobody awaits yet (the receipt is still pending) must not be reported as unhandled.
    result.catch(() => undefined);
    try {
      this.transport.recordAssignment(this.assignment(task, decision, attempt, startedAt));
      const receipt = await this.transport.dispatch(
        slot.agentId,
        this.dispatchOf(task, attempt, remainingMs, startedAt),
        Math.min(this.settings.receiptTimeoutMs, remainingMs),
      );
      if (!receipt.accepted) throw new AttemptFailedError('refused', slot.agentId, receipt.reason);
      this.waiters.expire(task.taskId, remainingMs + this.settings.resultGraceMs);
      const finished = await result;
      this.judge(decision, permit, finished, startedAt);
      return finished;
    } catch (error) {
      this.waiters.discard(task.taskId);
      // A refusal is no fault of the agent's health, and a lost agent is out already (convicted or
      // handed off): both give the permit back. No receipt or no result is the agent's failure.
      if (error instanceof AttemptFailedError && error.kind !== 'refused' && error.kind !== 'lost')
        permit.failed(this.now(), error.kind);
      throw error;
    } finally {
      permit.released(this.now());
      slot.localInFlight--;
      this.capacity.wakeAll();
    }
  }

  /**
   * The breaker counts what is the agent's fault: a retryable failure or a timeout; not a task's own
   * bad input, nor a result another agent sent for an earlier attempt (the permit is released then).
   */
  private judge(decision: RouteDecision, permit: BreakerPermit, result: TaskResult, startedAt: number): void {
    const slot = decision.slot;
    const now = this.now();
    if (result.agentId !== slot.agentId) return;
    if (result.outcome === 'succeeded') {
      permit.succeeded(now);
      slot.observeLatency(now - startedAt, now, this.fleet.settings.latencyDecayMs);
    } else if (result.outcome === 'timed-out' || (result.outcome === 'failed' && result.error?.retryable)) {
      permit.failed(now, `${result.outcome}: ${result.error?.code ?? 'unknown'}`);
      slot.observeLatency(now - startedAt, now, this.fleet.settings.latencyDecayMs);
    }
  }

  private dispatchOf(task: TaskSubmitted, attempt: number, timeoutMs: number, now: number): TaskDispatch {
    return {
      taskId: task.taskId,
      taskType: task.taskType,
      priority: task.priority,
      payload: task.payload,
      attempt,
      timeoutMs: Math.min(timeoutMs, 24 * 60 * 60 * 1000),
      assignedAt: new Date(now).toISOString(),
    };
  }

  private assignment(
    task: TaskSubmitted,
    decision: RouteDecision,
    attempt: number,
    now: number,
  ): TaskAssigned {
    const slot = decision.slot;
    return {
      taskId: task.taskId,
      taskType: task.taskType,
      agentId: slot.agentId,
      hostId: slot.hostId,
      zone: slot.zone,
      attempt,
      decision: {
        strategy: decision.strategy,
        candidatesConsidered: decision.considered,
        reason: decision.reason.slice(0, 200),
      },
      assignedBy: this.instanceId,
      assignedAt: new Date(now).toISOString(),
    };
  }
}
