import { PatternScenario, settingsWith, zoneOf } from '../testing/pattern-stream.test-helper';

describe('crash loop', () => {
  const [agent, ...others] = zoneOf('zone-a', 5, 4);

  it('is reported when an agent fails soon after each of k restarts within the window', () => {
    const scenario = new PatternScenario([agent, ...others]);
    for (let incarnation = 1; incarnation <= 3; incarnation++) {
      scenario.change(agent, undefined, 'healthy', incarnation);
      scenario.advance(20_000);
      scenario.fail(agent, 'process-crash', incarnation);
      scenario.advance(10_000);
    }

    const [loop] = scenario.patternsOfType('crash-loop');
    expect(loop).toMatchObject({
      scope: { kind: 'agent', id: agent.agentId },
      affectedAgentIds: [agent.agentId],
      recommendedAction: 'replace',
    });
    expect(loop.evidence.restartCount).toBe(3);
    expect(scenario.patterns()).toHaveLength(1);
  });

  it('is not reported for k − 1 restarts', () => {
    const scenario = new PatternScenario([agent, ...others]);
    for (let incarnation = 1; incarnation <= 2; incarnation++) {
      scenario.change(agent, undefined, 'healthy', incarnation);
      scenario.advance(20_000);
      scenario.fail(agent, 'process-crash', incarnation);
      scenario.advance(10_000);
    }
    expect(scenario.patterns()).toEqual([]);
  });

  it('is not reported when each incarnation ran well past the uptime limit before failing', () => {
    const scenario = new PatternScenario(
      [agent, ...others],
      settingsWith({ crashLoop: { windowMs: 3_600_000 } }),
    );
    for (let incarnation = 1; incarnation <= 4; incarnation++) {
      scenario.change(agent, undefined, 'healthy', incarnation);
      scenario.advance(5 * 60_000);
      scenario.fail(agent, 'process-crash', incarnation);
      scenario.advance(1_000);
    }
    expect(scenario.patternsOfType('crash-loop')).toEqual([]);
  });

  it('counts a restart first seen in a failure with a higher incarnation', () => {
    const scenario = new PatternScenario([agent, ...others]);
    for (let incarnation = 1; incarnation <= 3; incarnation++) {
      scenario.fail(agent, 'process-crash', incarnation);
      scenario.advance(15_000);
    }
    expect(scenario.patternsOfType('crash-loop')).toHaveLength(1);
  });

  it('does not count repeated failures of one incarnation as restarts', () => {
    const scenario = new PatternScenario([agent, ...others]);
    for (let repeat = 0; repeat < 5; repeat++) {
      scenario.fail(agent, 'high-error-rate', 1);
      scenario.advance(15_000);
    }
    expect(scenario.patternsOfType('crash-loop')).toEqual([]);
  });
});

describe('flapping', () => {
  const [agent, ...others] = zoneOf('zone-a', 5, 4);

  function flap(
    scenario: PatternScenario,
    changes: number,
    bad: 'unhealthy' | 'unresponsive' | 'degraded',
  ): void {
    let state: 'healthy' | typeof bad = 'healthy';
    for (let change = 0; change < changes; change++) {
      const next: 'healthy' | typeof bad = state === 'healthy' ? bad : 'healthy';
      scenario.change(agent, state, next);
      state = next;
      scenario.advance(10_000);
    }
  }

  it('is not reported at exactly the threshold of healthy ↔ unhealthy changes', () => {
    const scenario = new PatternScenario([agent, ...others]);
    flap(scenario, 4, 'unhealthy');
    expect(scenario.patterns()).toEqual([]);
  });

  it('is reported one change above the threshold, with the count as evidence', () => {
    const scenario = new PatternScenario([agent, ...others]);
    flap(scenario, 5, 'unresponsive');
    const [flapping] = scenario.patternsOfType('flapping');
    expect(flapping.affectedAgentIds).toEqual([agent.agentId]);
    expect(flapping.evidence.transitionCount).toBe(5);
    expect(flapping.severity).toBe('medium');
  });

  it('ignores healthy ↔ degraded changes', () => {
    const scenario = new PatternScenario([agent, ...others]);
    flap(scenario, 12, 'degraded');
    expect(scenario.patternsOfType('flapping')).toEqual([]);
  });

  it('only counts changes within the window', () => {
    const scenario = new PatternScenario(
      [agent, ...others],
      settingsWith({ flapping: { windowMs: 30_000 } }),
    );
    flap(scenario, 10, 'unhealthy');
    expect(scenario.patternsOfType('flapping')).toEqual([]);
  });
});
