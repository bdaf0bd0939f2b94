import type { TaskResult } from '@warden/contracts';
import { eventually } from '@warden/testing';
import type { LoadBalancerSettings } from '../src/engine/load-balancer-settings';
import { LoadBalancerHarness } from './lb-harness.test-helper';

describe('fleet-shared circuit breakers against real agents and nats-server', () => {
  let harness: LoadBalancerHarness;
  const agents = ['agent-a', 'agent-b', 'agent-c'];

  beforeAll(async () => {
    harness = await LoadBalancerHarness.start();
    const fastBreakers = (settings: LoadBalancerSettings) => {
      settings.breaker = { ...settings.breaker, baseOpenMs: 400, maxOpenMs: 2_000, halfOpenTrials: 2 };
      settings.retryBudget = { ...settings.retryBudget, minimumPerWindow: 1_000 };
    };
    await harness.startBalancer('lb-1', fastBreakers);
    await harness.startBalancer('lb-2', fastBreakers);
    await harness.startAgents(agents);
    await harness.allKnown(agents);
  });

  afterAll(() => harness?.stop());

  it('opens on failures, goes half-open, closes after its trial calls, and both replicas agree at every step', async () => {
    const [lb1, lb2] = harness.engines;
    harness.behaviourOf('agent-b').failing = true;
    // Only lb-1 routes, so lb-2 can know of the breaker only through the published transitions.
    const submitToLb1 = async (count: number) => {
      const results = [];
      for (let i = 0; i < count; i++) results.push(await lb1.dispatcher.run(harness.task()));
      return results;
    };
    const results: TaskResult[] = [];
    const opened = await eventually(
      async () => {
        results.push(...(await submitToLb1(5)));
        return harness.transitions.find((t) => t.agentId === 'agent-b' && t.state === 'open');
      },
      { timeoutMs: 15_000 },
    );
    // Retries on another agent hide the failing agent from the caller.
    expect(results.every((result) => result.outcome === 'succeeded' && result.agentId !== 'agent-b')).toBe(
      true,
    );
    expect(opened.decidedBy).toBe('lb-1');
    await eventually(() => lb2.breakers.breakerOf('agent-b').state === 'open');
    expect(lb2.breakers.breakerOf('agent-b').generation).toBe(lb1.breakers.breakerOf('agent-b').generation);

    harness.behaviourOf('agent-b').failing = false;
    // Keep traffic flowing so the half-open trials happen.
    await eventually(
      async () => {
        await submitToLb1(5);
        return harness.transitions.some((t) => t.agentId === 'agent-b' && t.state === 'closed');
      },
      { timeoutMs: 15_000 },
    );
    const path = harness.transitions.filter((t) => t.agentId === 'agent-b').map((t) => t.state);
    expect(path.slice(0, 3)).toEqual(['open', 'half-open', 'closed']);
    await eventually(() => lb2.breakers.breakerOf('agent-b').state === 'closed');
    expect(lb2.breakers.breakerOf('agent-b').generation).toBe(lb1.breakers.breakerOf('agent-b').generation);
    // Closed means routable again: P2C sends it work once its latency from the failing spell has decayed.
    await eventually(async () => (await submitToLb1(10)).some((result) => result.agentId === 'agent-b'), {
      timeoutMs: 15_000,
    });
  });

  it('a replica that opens a breaker stops the other replica routing there too', async () => {
    const [lb1, lb2] = harness.engines;
    harness.behaviourOf('agent-c').failing = true;
    await eventually(
      async () => {
        await lb2.dispatcher.run(harness.task());
        return lb1.breakers.breakerOf('agent-c').state === 'open';
      },
      { timeoutMs: 15_000 },
    );
    const breaker = lb1.breakers.breakerOf('agent-c');
    const request = {
      taskType: 'work',
      requiredCapabilities: ['work'],
      preferredZones: [],
      priority: 'normal' as const,
    };
    let checked = 0;
    // Decisions while the adopted breaker is open (it turns half-open after its open time, by design).
    while (breaker.openUntil !== undefined && Date.now() < breaker.openUntil - 50 && checked < 500) {
      expect(lb1.router.route(request, Date.now())?.slot.agentId).not.toBe('agent-c');
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    harness.behaviourOf('agent-c').failing = false;
  });
});
