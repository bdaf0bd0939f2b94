import type { TaskResult } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerEngine } from '../src/engine/load-balancer-engine';
import { LoadBalancerHarness } from './lb-harness.test-helper';

const TRIALS = 2;

/** Half-open trials that end without judging the agent give their slot back (issue 12, defect 1). */
describe('breaker trials against a real agent and nats-server', () => {
  let harness: LoadBalancerHarness;
  let lb1: LoadBalancerEngine;
  const agent = 'agent-solo';

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    lb1 = await harness.startBalancer('lb-1', (settings) => {
      settings.breaker = { ...settings.breaker, baseOpenMs: 400, maxOpenMs: 2_000, halfOpenTrials: TRIALS };
      settings.retryBudget = { ...settings.retryBudget, minimumPerWindow: 1_000 };
    });
    await harness.startAgents([agent]);
    await harness.allKnown([agent]);
  });

  afterAll(() => harness?.stop());

  /** One task, one attempt; a task that found no routable agent counts as undefined. */
  const runOnce = (): Promise<TaskResult | undefined> =>
    lb1.dispatcher.run(harness.task({ maxAttempts: 1, timeoutMs: 1_000 })).catch(() => undefined);
  const transitioned = (state: string) =>
    harness.transitions.some((t) => t.agentId === agent && t.state === state);

  it('keeps admitting trials in half-open while they end in non-retryable failures, and closes once they succeed', async () => {
    harness.behaviourOf(agent).failing = true;
    await eventually(async () => (await runOnce(), transitioned('open')), { timeoutMs: 15_000 });
    harness.behaviourOf(agent).failing = false;
    harness.behaviourOf(agent).rejecting = true;
    await eventually(async () => (await runOnce(), transitioned('half-open')), { timeoutMs: 15_000 });

    // More trials than the slots: each non-retryable failure releases its slot instead of keeping it.
    const rejected: (TaskResult | undefined)[] = [];
    for (let i = 0; i < TRIALS * 3; i++) rejected.push(await runOnce());
    expect(rejected.map((result) => result?.outcome)).toEqual(Array(TRIALS * 3).fill('failed'));
    expect(lb1.breakers.breakerOf(agent).state).toBe('half-open');

    harness.behaviourOf(agent).rejecting = false;
    await eventually(async () => (await runOnce(), transitioned('closed')), { timeoutMs: 15_000 });
  });
});
