import type { TaskDispatch, TaskResult, TaskSubmitted } from '@warden/contracts';
import { NOW, fleetOf, seededRandom } from '../routing/fleet-fixture.test-helper';
import { Router } from '../routing/router';
import { StrategyTable } from '../routing/strategy-table';
import type { AgentTransport, DispatchReceipt } from './agent-transport';
import { AttemptFailedError, NoAgentAvailableError } from './dispatch-errors';
import { SILENT_OBSERVER } from './dispatch-observer';
import { DEFAULT_DISPATCH_SETTINGS } from './dispatch-settings';
import { RetryBudget } from './retry-budget';
import { TaskDispatcher } from './task-dispatcher';

type Behaviour = 'succeed' | 'fail' | 'refuse' | 'unreachable' | 'silent';

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
    if (behaviour !== 'silent')
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

function setUp(agents: number, behaviours: Record<string, Behaviour>, budget = new RetryBudget()) {
  const fleet = fleetOf(agents);
  const router = new Router(
    fleet,
    new StrategyTable(fleet, { work: { strategy: 'round-robin' } }),
    seededRandom(1),
  );
  const transport = new FakeTransport(new Map(Object.entries(behaviours)));
  const started = Date.now();
  const dispatcher = new TaskDispatcher(
    fleet,
    router,
    transport,
    budget,
    { ...DEFAULT_DISPATCH_SETTINGS, resultGraceMs: 50 },
    'lb-test',
    SILENT_OBSERVER,
    () => NOW + (Date.now() - started),
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
});
