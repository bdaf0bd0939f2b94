import type { TaskDispatch, TaskResult, TaskRunRecord, TaskSubmitted } from '@warden/contracts';
import { NOW, fleetOf, seededRandom } from '../routing/fleet-fixture.test-helper';
import { eventually } from '@warden/testing';
import type { FleetView } from '../fleet/fleet-view';
import { Router } from '../routing/router';
import { StrategyTable } from '../routing/strategy-table';
import type { AgentTransport, DispatchReceipt } from './agent-transport';
import { DEFAULT_BREAKER_SETTINGS } from '../breaker/breaker-settings';
import type { ClaimOutcome, TaskClaims } from '../claims/task-claims';
import { AttemptFailedError, NoAgentAvailableError } from './dispatch-errors';
import { SILENT_OBSERVER } from './dispatch-observer';
import { DEFAULT_DISPATCH_SETTINGS } from './dispatch-settings';
import { RetryBudget } from './retry-budget';
import { TaskDispatcher } from './task-dispatcher';

/** `reject`: a non-retryable failure (the task's own fault); `silent`: accepted, no result until the test sends one. */
type Behaviour = 'succeed' | 'fail' | 'reject' | 'refuse' | 'unreachable' | 'silent';

/** Agents as a map of behaviours; results come back asynchronously, as over NATS. */
class FakeTransport implements AgentTransport {
  readonly dispatched: { agentId: string; task: TaskDispatch }[] = [];
  deliver: (result: TaskResult) => void = () => undefined;

  constructor(readonly behaviours: Map<string, Behaviour>) {}

  async dispatch(agentId: string, task: TaskDispatch): Promise<DispatchReceipt> {
    this.dispatched.push({ agentId, task });
    const behaviour = this.behaviours.get(agentId) ?? 'succeed';
    if (behaviour === 'refuse') return { accepted: false, reason: 'rejected: overloaded' };
    if (behaviour === 'unreachable') throw new AttemptFailedError('unreachable', agentId, 'no responders');
    if (behaviour === 'reject') setTimeout(() => this.deliver(rejectionOf(task, agentId)), 1);
    else if (behaviour !== 'silent')
      setTimeout(() => this.deliver(resultOf(task, agentId, behaviour === 'succeed')), 1);
    return { accepted: true };
  }

  recordAssignment(): void {}
}

function resultOf(task: TaskDispatch, agentId: string, succeeded: boolean): TaskResult {
  return {
    taskId: task.taskId,
    taskType: task.taskType,
    agentId,
    attempt: task.attempt,
    outcome: succeeded ? 'succeeded' : 'failed',
    ...(succeeded
      ? { result: { by: agentId } }
      : { error: { code: 'boom', message: 'failed', retryable: true } }),
    durationMs: 1,
    completedAt: new Date().toISOString(),
  };
}

function rejectionOf(task: TaskDispatch, agentId: string): TaskResult {
  return {
    ...resultOf(task, agentId, false),
    error: { code: 'bad-input', message: 'the task cannot be done', retryable: false },
  };
}

let counter = 0;
function task(overrides: Partial<TaskSubmitted> = {}): TaskSubmitted {
  return {
    taskId: `t-${++counter}`,
    taskType: 'work',
    priority: 'normal',
    requiredCapabilities: ['work'],
    preferredZones: [],
    payload: {},
    timeoutMs: 2_000,
    maxAttempts: 3,
    submittedBy: 'test',
    submittedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Real time plus `skipMs`, so a test can jump past a breaker's open time. */
class SkippableClock {
  skipMs = 0;
  private readonly started = Date.now();
  readonly now = (): number => NOW + (Date.now() - this.started) + this.skipMs;
}

/** Claims as another replica would leave them: a fixed answer, and a record of what the dispatcher did. */
class ScriptedClaims implements TaskClaims {
  readonly finishedWith: TaskResult[] = [];
  readonly released: string[] = [];

  constructor(
    private readonly outcome: ClaimOutcome,
    private readonly holderResult?: TaskResult,
    /** When the final-result write lands (at once unless a test holds it back). */
    private readonly finishWritten: Promise<void> = Promise.resolve(),
  ) {}

  async claim(): Promise<ClaimOutcome> {
    return this.outcome;
  }
  async read(): Promise<TaskRunRecord | undefined> {
    return undefined;
  }
  async finished(): Promise<TaskResult | undefined> {
    return this.holderResult;
  }
  async finish(_taskId: string, result: TaskResult): Promise<void> {
    await this.finishWritten;
    this.finishedWith.push(result);
  }
  async release(taskId: string): Promise<void> {
    this.released.push(taskId);
  }
}

function setUp(
  agents: number,
  behaviours: Record<string, Behaviour>,
  budget = new RetryBudget(),
  clock = new SkippableClock(),
  claims?: TaskClaims,
) {
  const fleet = fleetOf(agents);
  const router = new Router(
    fleet,
    new StrategyTable(fleet, { work: { strategy: 'round-robin' } }),
    seededRandom(1),
  );
  const transport = new FakeTransport(new Map(Object.entries(behaviours)));
  const dispatcher = new TaskDispatcher(
    fleet,
    router,
    transport,
    budget,
    { ...DEFAULT_DISPATCH_SETTINGS, resultGraceMs: 50 },
    'lb-test',
    SILENT_OBSERVER,
    clock.now,
    claims,
  );
  transport.deliver = (result) => dispatcher.onResult(result);
  return { fleet, dispatcher, transport };
}

describe('TaskDispatcher', () => {
  it('retries a retryable failure on another agent and counts it against the failing agent', async () => {
    const { dispatcher, transport, fleet } = setUp(2, { 'agent-0': 'fail' });
    const result = await dispatcher.run(task());
    expect(result).toMatchObject({ outcome: 'succeeded', agentId: 'agent-1', attempt: 2 });
    expect(transport.dispatched.map((d) => d.agentId)).toEqual(['agent-0', 'agent-1']);
    expect(fleet.get('agent-0')!.breaker.state).toBe('closed');
  });

  it('retries a refusal elsewhere without using up the attempts', async () => {
    const { dispatcher } = setUp(2, { 'agent-0': 'refuse' });
    await expect(dispatcher.run(task({ maxAttempts: 1 }))).resolves.toMatchObject({ agentId: 'agent-1' });
  });

  it('retries an unreachable agent elsewhere', async () => {
    const { dispatcher } = setUp(2, { 'agent-0': 'unreachable' });
    await expect(dispatcher.run(task())).resolves.toMatchObject({ agentId: 'agent-1', outcome: 'succeeded' });
  });

  it('reassigns the open attempt of a lost agent at once', async () => {
    const { dispatcher, transport } = setUp(2, { 'agent-0': 'silent' });
    const running = dispatcher.run(task({ maxAttempts: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(dispatcher.agentLost('agent-0', 'process-crash')).toBe(1);
    await expect(running).resolves.toMatchObject({ agentId: 'agent-1', outcome: 'succeeded' });
    expect(transport.dispatched.map((d) => d.task.attempt)).toEqual([1, 2]);
  });

  it('runs a task id once: a resubmission joins the run, a later one gets the remembered result', async () => {
    const { dispatcher, transport } = setUp(2, {});
    const submitted = task();
    const [first, second] = await Promise.all([dispatcher.run(submitted), dispatcher.run(submitted)]);
    expect(second).toBe(first);
    await expect(dispatcher.run(submitted)).resolves.toBe(first);
    expect(transport.dispatched).toHaveLength(1);
  });

  it('stops retrying when the retry budget is spent and returns the last failure', async () => {
    const budget = new RetryBudget({ ratio: 0, minimumPerWindow: 0, windowMs: 10_000 });
    const { dispatcher, transport } = setUp(3, { 'agent-0': 'fail', 'agent-1': 'fail' }, budget);
    await expect(dispatcher.run(task())).resolves.toMatchObject({ outcome: 'failed', agentId: 'agent-0' });
    expect(transport.dispatched).toHaveLength(1);
  });

  it('gives up with a typed error when no agent can take the task before its deadline', async () => {
    const { dispatcher } = setUp(2, {});
    await expect(
      dispatcher.run(task({ requiredCapabilities: ['gpu'], timeoutMs: 100 })),
    ).rejects.toBeInstanceOf(NoAgentAvailableError);
  });

  describe('breaker trials', () => {
    const settings = DEFAULT_BREAKER_SETTINGS;

    /** Jumps past the open time; the agents keep beating meanwhile. */
    function skipOpenTime(fleet: FleetView, clock: SkippableClock): void {
      clock.skipMs += settings.baseOpenMs;
      for (const slot of fleet.all) slot.lastHeartbeatAt = clock.now();
    }

    /** One agent whose breaker was tripped by consecutive failures and whose open time is over. */
    async function halfOpenAgent() {
      const clock = new SkippableClock();
      const setup = setUp(1, { 'agent-0': 'fail' }, new RetryBudget(), clock);
      for (let i = 0; i < settings.consecutiveFailures; i++)
        await setup.dispatcher.run(task({ maxAttempts: 1 }));
      const breaker = setup.fleet.get('agent-0')!.breaker;
      expect(breaker.state).toBe('open');
      skipOpenTime(setup.fleet, clock);
      expect(breaker.allows(clock.now())).toBe(true);
      expect(breaker.state).toBe('half-open');
      return { ...setup, breaker, clock };
    }

    it('gives a trial back when the agent refuses it, so the half-open breaker admits the next call', async () => {
      const { dispatcher, transport, breaker } = await halfOpenAgent();
      transport.behaviours.set('agent-0', 'refuse');
      // Refused again and again until its deadline: each re-route takes a trial.
      await expect(dispatcher.run(task({ timeoutMs: 600 }))).rejects.toThrow();
      expect(transport.dispatched.length).toBeGreaterThanOrEqual(
        settings.consecutiveFailures + settings.halfOpenTrials,
      );
      transport.behaviours.set('agent-0', 'succeed');
      await expect(dispatcher.run(task({ timeoutMs: 1_000 }))).resolves.toMatchObject({
        outcome: 'succeeded',
      });
      expect(breaker.state).toBe('half-open');
    });

    it('gives a trial back on a non-retryable failure (the task is at fault, not the agent)', async () => {
      const { dispatcher, transport, breaker } = await halfOpenAgent();
      transport.behaviours.set('agent-0', 'reject');
      for (let i = 0; i < settings.halfOpenTrials; i++)
        await expect(dispatcher.run(task())).resolves.toMatchObject({ outcome: 'failed' });
      transport.behaviours.set('agent-0', 'succeed');
      for (let i = 0; i < settings.halfOpenTrials; i++)
        await expect(dispatcher.run(task({ timeoutMs: 1_000 }))).resolves.toMatchObject({
          outcome: 'succeeded',
        });
      expect(breaker.state).toBe('closed');
    });

    it('does not close on late successes of calls sent before the breaker opened', async () => {
      const clock = new SkippableClock();
      const { dispatcher, transport, fleet } = setUp(1, { 'agent-0': 'silent' }, new RetryBudget(), clock);
      const late = Array.from({ length: settings.halfOpenTrials }, () =>
        dispatcher.run(task({ timeoutMs: 60_000 })),
      );
      const sentBeforeOpening = await eventually(
        () => transport.dispatched.length === settings.halfOpenTrials && [...transport.dispatched],
      );
      transport.behaviours.set('agent-0', 'fail');
      for (let i = 0; i < settings.consecutiveFailures; i++) await dispatcher.run(task({ maxAttempts: 1 }));
      const breaker = fleet.get('agent-0')!.breaker;
      expect(breaker.state).toBe('open');
      skipOpenTime(fleet, clock);
      expect(breaker.allows(clock.now())).toBe(true);
      for (const { task: sent } of sentBeforeOpening) dispatcher.onResult(resultOf(sent, 'agent-0', true));
      await Promise.all(late);
      expect(breaker.state).toBe('half-open');
    });

    it('does not reopen (nor double the open time) on a late failure of a call sent before the breaker opened', async () => {
      const clock = new SkippableClock();
      const { dispatcher, transport, fleet } = setUp(1, { 'agent-0': 'silent' }, new RetryBudget(), clock);
      const late = dispatcher.run(task({ timeoutMs: 60_000, maxAttempts: 1 }));
      const [sentBeforeOpening] = await eventually(
        () => transport.dispatched.length === 1 && transport.dispatched,
      );
      transport.behaviours.set('agent-0', 'fail');
      for (let i = 0; i < settings.consecutiveFailures; i++) await dispatcher.run(task({ maxAttempts: 1 }));
      const breaker = fleet.get('agent-0')!.breaker;
      skipOpenTime(fleet, clock);
      expect(breaker.allows(clock.now())).toBe(true);
      dispatcher.onResult(resultOf(sentBeforeOpening.task, 'agent-0', false));
      await late;
      expect(breaker.state).toBe('half-open');
    });
  });

  describe('shared task claims', () => {
    const remembered = (taskId: string): TaskResult => ({
      taskId,
      taskType: 'work',
      agentId: 'agent-9',
      attempt: 1,
      outcome: 'succeeded',
      result: { by: 'another replica' },
      durationMs: 1,
      completedAt: new Date().toISOString(),
    });

    it('answers a task id another replica finished with its result, dispatching nothing', async () => {
      const submitted = task();
      const stored = remembered(submitted.taskId);
      const claims = new ScriptedClaims({ kind: 'finished', result: stored });
      const { dispatcher, transport } = setUp(2, {}, new RetryBudget(), new SkippableClock(), claims);
      await expect(dispatcher.run(submitted)).resolves.toBe(stored);
      expect(transport.dispatched).toEqual([]);
    });

    it('waits for the result of a task id another replica runs, dispatching nothing', async () => {
      const submitted = task();
      const holders = remembered(submitted.taskId);
      const claims = new ScriptedClaims({ kind: 'held', owner: 'lb-2' }, holders);
      const { dispatcher, transport } = setUp(2, {}, new RetryBudget(), new SkippableClock(), claims);
      await expect(dispatcher.run(submitted)).resolves.toBe(holders);
      expect(transport.dispatched).toEqual([]);
    });

    it('records the final result of its own claim, and releases a claim whose run ended without one', async () => {
      const claims = new ScriptedClaims({ kind: 'ours' });
      const { dispatcher } = setUp(1, {}, new RetryBudget(), new SkippableClock(), claims);
      const result = await dispatcher.run(task());
      const stranded = task({ requiredCapabilities: ['gpu'], timeoutMs: 100 });
      await expect(dispatcher.run(stranded)).rejects.toBeInstanceOf(NoAgentAvailableError);
      await eventually(() => claims.released.length === 1);
      expect(claims.finishedWith).toEqual([result]);
      expect(claims.released).toEqual([stranded.taskId]);
    });

    it('still runs a task while its final result is being written, so a claim query does not hand it over', async () => {
      let written!: () => void;
      const finishWritten = new Promise<void>((resolve) => (written = resolve));
      const claims = new ScriptedClaims({ kind: 'ours' }, undefined, finishWritten);
      const { dispatcher } = setUp(1, {}, new RetryBudget(), new SkippableClock(), claims);
      const submitted = task();
      await dispatcher.run(submitted);
      expect(dispatcher.isRunning(submitted.taskId)).toBe(true);
      written();
      await eventually(() => !dispatcher.isRunning(submitted.taskId));
      expect(claims.finishedWith).toHaveLength(1);
    });

    it("uses a final result another replica's attempt produced instead of running a taken-over task again", async () => {
      const submitted = task();
      const seen = remembered(submitted.taskId);
      const { dispatcher, transport } = setUp(2, {});
      dispatcher.onResult(seen);
      await expect(dispatcher.run(submitted)).resolves.toBe(seen);
      expect(transport.dispatched).toEqual([]);
    });
  });
});
