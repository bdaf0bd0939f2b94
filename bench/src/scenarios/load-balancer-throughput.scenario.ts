import { compareThroughput } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { runConcurrent } from './load-balancer/concurrent-requests';
import { LoadBalancerStack } from './load-balancer/load-balancer-stack';

const CONCURRENCY = 256;
const AGENTS = 8;

export const loadBalancerThroughputScenario: Scenario = {
  name: 'load-balancer-throughput',
  description:
    `Tasks per second through one load balancer instance (its own process): ${CONCURRENCY} request/reply ` +
    `submissions outstanding, ${AGENTS} real agents (agent-sdk, one process) running zero-time tasks, each task ` +
    'answered with its stored result.',
  baseline: `raw nats.js request/reply straight to the agents' task inboxes (receipts only), ${CONCURRENCY} outstanding`,
  goal: {
    text: '≥ 20,000 tasks/s per instance',
    metric: 'msgsPerSecond',
    of: 'subject',
    comparison: 'atLeast',
    value: 20_000,
  },
  run: async (context) => {
    const stack = await LoadBalancerStack.start({ agents: AGENTS, capacity: 256, taskMs: () => 0 });
    try {
      const { profile } = context;
      const count = profile.mode === 'quick' ? 5_000 : 50_000;
      const agents = stack.fleet.agentIds;
      return await compareThroughput(
        context,
        {
          label: 'raw request/reply to the agents',
          measure: () =>
            runConcurrent(count, CONCURRENCY, profile.repetitionBudgetMs, (i) =>
              stack.submitter.dispatchDirect(agents[i % agents.length]),
            ),
        },
        {
          label: 'tasks through the load balancer',
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
