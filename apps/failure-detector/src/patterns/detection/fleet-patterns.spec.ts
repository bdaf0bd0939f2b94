import { poissonConfidence } from '../model/surprise-confidence';
import { PatternScenario, settingsWith, zoneOf, type AgentSpec } from '../testing/pattern-stream.test-helper';

function largeFleet(capabilities: string[] = []): AgentSpec[] {
  return ['zone-a', 'zone-b', 'zone-c', 'zone-d'].flatMap((zone) => zoneOf(zone, 25, 10, capabilities));
}

/** A deterministic pseudo-random sequence, so the scattered failures are the same on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('failure spike', () => {
  it('is reported for more than N failures in the window, with confidence from the expected rate', () => {
    const fleet = largeFleet();
    const scenario = new PatternScenario(fleet);
    for (let index = 0; index < 6; index++) scenario.fail(fleet[index * 97], 'process-crash');
    const [spike] = scenario.advance(500);

    expect(spike.type).toBe('failure-spike');
    expect(spike.scope).toEqual({ kind: 'fleet', id: 'fleet' });
    expect(spike.affectedAgentIds).toHaveLength(6);
    expect(spike.evidence.expectedCount).toBe(1);
    expect(spike.confidence).toBeCloseTo(poissonConfidence(6, 1), 4);
  });

  it('is not reported for exactly N failures', () => {
    const fleet = largeFleet();
    const scenario = new PatternScenario(fleet);
    for (let index = 0; index < 5; index++) scenario.fail(fleet[index * 97], 'process-crash');
    expect(scenario.advance(500)).toEqual([]);
  });

  it('is not reported when the fleet usually fails that often, and measures a spike against that rate', () => {
    const fleet = largeFleet();
    const scenario = new PatternScenario(fleet);
    let next = 0;
    // A steady 8 failures a minute: surprising while there is no history, ordinary once there is.
    let publishedBeforeSteadyState = 0;
    for (let minute = 0; minute < 30; minute++) {
      if (minute === 15) publishedBeforeSteadyState = scenario.published.length;
      for (let failure = 0; failure < 8; failure++) {
        scenario.fail(fleet[(next++ * 37) % fleet.length], 'process-crash');
        scenario.advance(7_500);
      }
    }
    expect(scenario.published.slice(publishedBeforeSteadyState)).toEqual([]);

    for (let failure = 0; failure < 30; failure++)
      scenario.fail(fleet[(next++ * 37) % fleet.length], 'process-crash');
    const [spike] = scenario.advance(500);
    expect(spike.type).toBe('failure-spike');
    expect(spike.revision).toBe(1);
    expect(spike.evidence.expectedCount).toBeCloseTo(8, 0);
    expect(spike.confidence).toBeCloseTo(
      poissonConfidence(spike.evidence.failureCount, spike.evidence.expectedCount ?? 0),
      4,
    );
  });

  it('leaves out failures a zone pattern already explains', () => {
    const zone = zoneOf('zone-a', 2, 5);
    const scenario = new PatternScenario([...zone, ...zoneOf('zone-b', 10, 10)]);
    for (const agent of zone) scenario.fail(agent);
    scenario.advance(500);
    expect(scenario.patterns().map((pattern) => pattern.type)).toEqual(['zone-outage']);
  });
});

describe('a healthy fleet with scattered failures', () => {
  it('shows no pattern over an hour', () => {
    const fleet = largeFleet(['search']);
    const scenario = new PatternScenario(fleet);
    const random = sequence(42);
    for (let step = 0; step < 3_600; step++) {
      // About two failures a minute of random agents, and as many agents briefly degraded.
      if (random() < 1 / 30)
        scenario.fail(fleet[Math.floor(random() * fleet.length)], 'process-crash', 1 + step);
      if (random() < 1 / 30) {
        const agent = fleet[Math.floor(random() * fleet.length)];
        scenario.change(agent, 'healthy', 'degraded');
      }
      scenario.advance(1_000);
    }
    expect(scenario.published).toEqual([]);
  });
});

describe('cascading failure', () => {
  const fleet = [...zoneOf('zone-a', 10, 5, ['payments']), ...zoneOf('zone-b', 10, 5, ['search'])];
  const payments = fleet.filter((agent) => agent.capabilities?.includes('payments'));

  function failInSteps(counts: number[]): PatternScenario {
    const scenario = new PatternScenario(fleet);
    let next = 0;
    for (const count of counts) {
      for (let failure = 0; failure < count; failure++) {
        scenario.fail(payments[(next++ * 7) % payments.length], 'dependency-failure');
        scenario.advance(60_000 / count);
      }
      if (count === 0) scenario.advance(60_000);
    }
    return scenario;
  }

  it('is reported when the failure rate of a capability rises step after step', () => {
    const scenario = failInSteps([1, 3, 8]);
    const [cascade] = scenario.patternsOfType('cascading-failure');
    expect(cascade.scope).toEqual({ kind: 'capability', id: 'payments' });
    expect(cascade.evidence.capabilities).toEqual(['payments']);
    expect(cascade.evidence.rateTrend?.at(-1)).toBeGreaterThan(cascade.evidence.rateTrend?.[0] ?? 0);
    expect(cascade.affectedAgentIds.length).toBeGreaterThanOrEqual(3);
  });

  it('is not reported for a steady rate', () => {
    expect(failInSteps([3, 3, 3]).patternsOfType('cascading-failure')).toEqual([]);
  });

  it('is not reported for a falling rate', () => {
    expect(failInSteps([5, 2, 1]).patternsOfType('cascading-failure')).toEqual([]);
  });
});

describe('performance degradation trend', () => {
  const fleet = [...zoneOf('zone-a', 4, 5, ['search']), ...zoneOf('zone-b', 4, 5, ['render'])];
  const search = fleet.filter((agent) => agent.capabilities?.includes('search'));

  it('is reported when many agents of a capability become degraded or slow', () => {
    const scenario = new PatternScenario(fleet, settingsWith({}));
    for (const agent of search.slice(0, 4)) {
      scenario.change(agent, 'healthy', 'degraded');
      scenario.advance(20_000);
    }
    for (const agent of search.slice(4, 7)) {
      scenario.fail(agent, 'high-latency');
      scenario.advance(20_000);
    }
    const [trend] = scenario.patternsOfType('performance-degradation');
    expect(trend.scope).toEqual({ kind: 'capability', id: 'search' });
    expect(trend.affectedAgentIds).toEqual(
      search
        .slice(0, 7)
        .map((agent) => agent.agentId)
        .sort(),
    );
    expect(trend.evidence.affectedFraction).toBe(0.35);
  });

  it('is not reported for one degraded agent', () => {
    const scenario = new PatternScenario(fleet);
    scenario.change(search[0], 'healthy', 'degraded');
    scenario.fail(search[1], 'high-latency');
    scenario.advance(500);
    expect(scenario.patternsOfType('performance-degradation')).toEqual([]);
  });
});
