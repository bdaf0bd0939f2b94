import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { runConcurrent } from './load-balancer/concurrent-requests';
import { LoadBalancerStack } from './load-balancer/load-balancer-stack';

const TASK_MS = 20;
const SLOW_FACTOR = 20;
const CONCURRENCY = 16;

export const loadBalancerSlowAgentTailScenario: Scenario = {
  name: 'load-balancer-slow-agent-tail',
  description:
    `p99 task latency with one slow agent among ten (tasks take ${TASK_MS} ms, ${SLOW_FACTOR}× on the slow one), ` +
    `${CONCURRENCY} tasks outstanding, through the load balancer (its own process) with the default P2C.`,
  baseline: 'the same load balancer routing the same tasks round robin (load-blind, like a queue group)',
  goal: {
    text: 'P2C at most half the round-robin p99',
    metric: 'p99Ms',
    of: 'ratio',
    comparison: 'atMost',
    value: 0.5,
  },
  run: async (context) => {
    const stack = await LoadBalancerStack.start(
      { agents: 10, capacity: 8, taskMs: (id) => (id === 'bench-agent-0' ? TASK_MS * SLOW_FACTOR : TASK_MS) },
      { TASK_STRATEGIES: 'rr=round-robin' },
    );
    try {
      const { profile } = context;
      const count = profile.mode === 'quick' ? 1_000 : 5_000;
      return await compareLatency(
        context,
        {
          label: 'round robin',
          measure: () =>
            runConcurrent(count, CONCURRENCY, profile.repetitionBudgetMs, () => stack.submitter.submit('rr')),
        },
        {
          label: 'P2C (default)',
          measure: () =>
            runConcurrent(count, CONCURRENCY, profile.repetitionBudgetMs, () =>
              stack.submitter.submit('bench'),
            ),
        },
      );
    } finally {
      await stack.stop();
    }
  },
};
