import type { BreakerState, TaskResult } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerEngine } from '../src/engine/load-balancer-engine';
import { LoadBalancerHarness, type AgentBehaviour } from './lb-harness.test-helper';

const TRIALS = 3;
const OPEN_MS = 500;
/** The calls admitted while closed: far longer than opening, the open time and the trial's admission. */
const LATE_MS = 5_000;
/** The trial: still running well after the late outcomes have arrived. */
const TRIAL_MS = 8_000;

/**
 * Outcomes of calls admitted before the breaker's last transition only feed the statistics; they never
 * move the breaker (issue 12, defect 2). One agent: calls sent while closed are still running when fast
 * failures open the breaker and, after the open time, a trial is admitted in half-open; then the old
 * calls end. As many late successes as there are trial slots would close the breaker if they counted
 * as trials; one late failure would reopen it.
 */
describe('late outcomes of calls admitted before a breaker transition, against a real agent and nats-server', () => {
  let harness: LoadBalancerHarness;
  let lb1: LoadBalancerEngine;
  const agent = 'agent-late';

  beforeEach(async () => {
    harness = await LoadBalancerHarness.start();
    lb1 = await harness.startBalancer('lb-1', (settings) => {
      settings.breaker = {
        ...settings.breaker,
        consecutiveFailures: 3,
        baseOpenMs: OPEN_MS,
        maxOpenMs: 4 * OPEN_MS,
        halfOpenTrials: TRIALS,
      };
      settings.retryBudget = { ...settings.retryBudget, minimumPerWindow: 1_000 };
    });
    await harness.startAgents([agent]);
    await harness.allKnown([agent]);
  });

  afterEach(() => harness?.stop());

  const breakerPath = () => harness.transitions.filter((t) => t.agentId === agent).map((t) => t.state);
  /**
   * The harness's handler reads the agent's behaviour object when a task starts, so replacing the object
   * changes the tasks started from now on and leaves the running ones as they were.
   */
  const behaveFromNowOn = (behaviour: Partial<AgentBehaviour>) =>
    harness.behaviour.set(agent, { delayMs: 5, failing: false, hanging: false, ...behaviour });
  /** One attempt per task, so every outcome is the agent's and nothing is retried. */
  const runOnce = () => lb1.dispatcher.run(harness.task({ maxAttempts: 1, timeoutMs: 30_000 }));

  async function lateOutcomesAcrossAnOpening(late: 'succeed' | 'fail') {
    const breaker = lb1.breakers.breakerOf(agent);
    // Calls admitted while closed, ending after the breaker has opened and gone half-open.
    behaveFromNowOn({ delayMs: LATE_MS, failing: late === 'fail' });
    const lateTasks = Array.from({ length: TRIALS }, () =>
      harness.task({ maxAttempts: 1, timeoutMs: 30_000 }),
    );
    let trialFinished = false;
    const seenAtArrival: { state: BreakerState; trialFinished: boolean; result: TaskResult }[] = [];
    const lateRuns = lateTasks.map((task) =>
      lb1.dispatcher.run(task).then((result) => {
        // The breaker's state right after it settled this call's permit.
        seenAtArrival.push({ state: breaker.state, trialFinished, result });
      }),
    );
    await eventually(() => lateTasks.every((task) => harness.executions.has(task.taskId)), {
      timeoutMs: 10_000,
      message: 'the slow calls did not start at the agent',
    });
    expect(breaker.state).toBe('closed');

    behaveFromNowOn({ failing: true });
    await eventually(async () => (await runOnce(), breaker.state === 'open'), {
      timeoutMs: 10_000,
      message: 'fast failures did not open the breaker',
    });

    // Waits in its lane while the breaker is open; admitted as the one trial once it turns half-open.
    behaveFromNowOn({ delayMs: TRIAL_MS });
    const trial = runOnce().then((result) => {
      trialFinished = true;
      return result;
    });
    // Awaited below; if an assertion fails first, its rejection after teardown must not be unhandled.
    trial.catch(() => undefined);

    await Promise.all(lateRuns);
    expect(seenAtArrival.map((seen) => seen.result.outcome)).toEqual(
      Array(TRIALS).fill(late === 'succeed' ? 'succeeded' : 'failed'),
    );
    // Every late outcome arrived while the trial was running, in half-open, and left it half-open.
    expect(seenAtArrival.map(({ state, trialFinished }) => ({ state, trialFinished }))).toEqual(
      Array(TRIALS).fill({ state: 'half-open', trialFinished: false }),
    );

    // The trial itself counts: one success of the three needed keeps it half-open.
    expect((await trial).outcome).toBe('succeeded');
    expect(breaker.state).toBe('half-open');
    // The trial ended seconds after the late outcomes, so a transition they caused would be on the bus by now.
    await eventually(() => breakerPath().length >= 2, { message: 'transitions not on the bus' });
    expect(breakerPath()).toEqual(['open', 'half-open']);
  }

  it('late successes of calls sent while closed do not close a half-open breaker while its trial runs', () =>
    lateOutcomesAcrossAnOpening('succeed'));

  it('late failures of calls sent while closed do not reopen a half-open breaker', () =>
    lateOutcomesAcrossAnOpening('fail'));
});
