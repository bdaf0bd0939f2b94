import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { measureRoundTrips } from '../workloads/measure-round-trips';
import { LoadBalancerStack } from './load-balancer/load-balancer-stack';

export const loadBalancerDispatchLatencyScenario: Scenario = {
  name: 'load-balancer-dispatch-latency',
  description:
    'One task at a time submitted by request/reply to the load balancer (its own process) and answered with the ' +
    "agent's final result: submit → route → dispatch to the agent (receipt) → result (stored in JetStream) → reply. " +
    'Four real agents (agent-sdk), zero-time tasks.',
  baseline: "raw nats.js request/reply straight to one agent's task inbox, answered by its receipt",
  goal: {
    text: 'dispatch p50 ≤ 2.5 × raw request/reply',
    metric: 'p50Ms',
    of: 'ratio',
    comparison: 'atMost',
    value: 2.5,
  },
  run: async (context) => {
    const stack = await LoadBalancerStack.start({ agents: 4, capacity: 16, taskMs: () => 0 });
    try {
      const { profile } = context;
      const agent = stack.fleet.agentIds[0];
      return await compareLatency(
        context,
        {
          label: 'raw request/reply to the agent',
          measure: () =>
            measureRoundTrips({
              roundTrips: profile.roundTrips,
              timeBudgetMs: profile.repetitionBudgetMs,
              roundTrip: () => stack.submitter.dispatchDirect(agent),
            }),
        },
        {
          label: 'task through the load balancer',
          measure: () =>
            measureRoundTrips({
              roundTrips: profile.roundTrips,
              timeBudgetMs: profile.repetitionBudgetMs,
              roundTrip: () => stack.submitter.submit('bench'),
            }),
        },
      );
    } finally {
      await stack.stop();
    }
  },
};
