import { compareLatency } from '../framework/compare-alternating';
import type { Scenario } from '../framework/scenario';
import { measureRoutingDecisions } from './load-balancer/routing-probe';

const AGENTS = 10_000;

export const loadBalancerRoutingDecisionScenario: Scenario = {
  name: 'load-balancer-routing-decision',
  description:
    `One routing decision in-process over ${AGENTS.toLocaleString('en')} agents (half with a second capability, ` +
    'loads moving), by the default strategy: P2C over work × peak-EWMA latency with health, breaker, capability and ' +
    'lane-headroom checks. Timed per decision inside the built load balancer.',
  baseline:
    'a uniform random pick among the same acceptable agents through the same router (what a NATS queue group does)',
  goal: {
    text: 'routing decision p99 < 20 µs with 10,000 agents',
    metric: 'p99Ms',
    of: 'subject',
    comparison: 'atMost',
    value: 0.02,
  },
  run: (context) => {
    const decisions = context.profile.mode === 'quick' ? 20_000 : 100_000;
    return compareLatency(
      context,
      {
        label: 'uniform random pick (queue-group-like)',
        measure: () => measureRoutingDecisions('random', AGENTS, decisions),
      },
      { label: 'P2C routing decision', measure: () => measureRoutingDecisions('p2c', AGENTS, decisions) },
    );
  },
};
