import { binomialConfidence } from '../model/surprise-confidence';
import { PatternScenario, zoneOf } from '../testing/pattern-stream.test-helper';

describe('zone outage, host partition and correlated failure', () => {
  it('reports 200 failures in one zone as one zone-outage pattern naming all 200, not 200 patterns', () => {
    const zoneA = zoneOf('zone-a', 20, 10);
    const scenario = new PatternScenario([...zoneA, ...zoneOf('zone-b', 20, 10)]);
    for (const [index, agent] of zoneA.entries()) {
      scenario.fail(agent);
      if (index % 10 === 9) scenario.advance(100);
    }
    scenario.advance(500);

    const patterns = scenario.patterns();
    expect(patterns).toHaveLength(1);
    const [outage] = patterns;
    expect(outage.type).toBe('zone-outage');
    expect(outage.severity).toBe('critical');
    expect(outage.scope).toEqual({ kind: 'zone', id: 'zone-a' });
    expect(outage.affectedAgentIds).toEqual(zoneA.map((agent) => agent.agentId).sort());
    expect(outage.evidence.failureCount).toBe(200);
    expect(outage.evidence.zones).toEqual(['zone-a']);
    expect(outage.evidence.affectedFraction).toBe(1);
    expect(outage.recommendedAction).toBe('replace');
    expect(new Set(scenario.published.map((revision) => revision.patternId)).size).toBe(1);
    // It began as one silent host and grew into the zone's outage under the same patternId.
    expect(scenario.published[0]).toMatchObject({ type: 'host-partition', scope: { kind: 'host' } });
    const revisions = scenario.published.map((revision) => revision.revision);
    expect(revisions).toEqual(revisions.map((_, index) => index + 1));
  });

  it('grows the same pattern as more agents of the zone fail, with a new revision each time', () => {
    const zone = zoneOf('zone-a', 4, 5);
    const scenario = new PatternScenario(zone);
    for (const agent of zone.slice(0, 10)) scenario.fail(agent);
    const [first] = scenario.advance(500);
    expect(first).toMatchObject({ type: 'zone-outage', revision: 1 });
    expect(first.affectedAgentIds).toHaveLength(10);

    for (const agent of zone.slice(10, 15)) scenario.fail(agent);
    const [second] = scenario.advance(500);
    expect(second).toMatchObject({ patternId: first.patternId, revision: 2 });
    expect(second.affectedAgentIds).toHaveLength(15);

    expect(scenario.advance(500)).toEqual([]);
  });

  it('measures confidence as how unlikely that many independent failures would be', () => {
    const zone = zoneOf('zone-a', 2, 5);
    const scenario = new PatternScenario(zone);
    for (const agent of zone.slice(0, 6)) scenario.fail(agent);
    const [outage] = scenario.advance(500);
    expect(outage.confidence).toBeCloseTo(binomialConfidence(6, 10, 0.01), 4);
    expect(outage.confidence).toBeGreaterThan(0.99);
  });

  it('reports a whole host gone silent while its zone is fine as a host partition, not a zone outage', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const scenario = new PatternScenario(zone);
    const host = zone.filter((agent) => agent.hostId === 'zone-a-h3');
    for (const agent of host) scenario.fail(agent, 'heartbeat-timeout');
    scenario.fail(zone[0], 'process-crash');
    scenario.advance(500);

    const patterns = scenario.patterns();
    expect(patterns.map((pattern) => pattern.type)).toEqual(['host-partition']);
    expect(patterns[0].scope).toEqual({ kind: 'host', id: 'zone-a-h3' });
    expect(patterns[0].affectedAgentIds).toEqual(host.map((agent) => agent.agentId).sort());
    expect(patterns[0].evidence.hostIds).toEqual(['zone-a-h3']);
  });

  it('does not call a host partitioned when its agents crashed rather than went silent', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const scenario = new PatternScenario(zone);
    for (const agent of zone.filter((member) => member.hostId === 'zone-a-h3'))
      scenario.fail(agent, 'process-crash');
    scenario.advance(500);

    const patterns = scenario.patterns();
    expect(patterns.map((pattern) => [pattern.type, pattern.scope.kind])).toEqual([
      ['correlated-failure', 'host'],
    ]);
  });

  it('reports several agents of one host out of resources (exhaustion or a leak, nothing else) as resource-exhaustion of the host', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const scenario = new PatternScenario(zone);
    const host = zone.filter((agent) => agent.hostId === 'zone-a-h3').slice(0, 3);
    scenario.fail(host[0], 'resource-exhaustion');
    scenario.fail(host[1], 'resource-exhaustion');
    scenario.fail(host[2], 'memory-leak');
    scenario.advance(500);

    const patterns = scenario.patterns();
    expect(patterns.map((pattern) => [pattern.type, pattern.scope])).toEqual([
      ['resource-exhaustion', { kind: 'host', id: 'zone-a-h3' }],
    ]);
    expect(patterns[0]).toMatchObject({ severity: 'high', recommendedAction: 'drain' });
    expect(patterns[0].affectedAgentIds).toEqual(host.map((agent) => agent.agentId).sort());
    expect(patterns[0].evidence).toMatchObject({
      hostIds: ['zone-a-h3'],
      failureCount: 3,
      scopeAgentCount: 5,
    });
  });

  it('does not call a host out of resources with fewer than hostExhaustedAgents such agents, or other failures among them', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const few = new PatternScenario(zone);
    const host = zone.filter((agent) => agent.hostId === 'zone-a-h3');
    few.fail(host[0], 'resource-exhaustion');
    few.fail(host[1], 'resource-exhaustion');
    few.advance(500);
    expect(few.patterns()).toEqual([]);

    const mixed = new PatternScenario(zone);
    mixed.fail(host[0], 'resource-exhaustion');
    mixed.fail(host[1], 'resource-exhaustion');
    mixed.fail(host[2], 'resource-exhaustion');
    mixed.fail(host[3], 'process-crash');
    mixed.advance(500);
    expect(mixed.patterns().map((pattern) => [pattern.type, pattern.scope.kind])).toEqual([
      ['correlated-failure', 'host'],
    ]);
  });

  it('reports a silent zone as one zone outage, not a partition per host', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const scenario = new PatternScenario([...zone, ...zoneOf('zone-b', 10, 5)]);
    for (const agent of zone) scenario.fail(agent, 'heartbeat-timeout');
    scenario.advance(500);

    expect(scenario.patterns().map((pattern) => pattern.type)).toEqual(['zone-outage']);
  });

  it.each(['dependency-failure', 'protocol-violation'] as const)(
    'does not read a whole zone reporting %s as a zone or host pattern: moving its agents cannot fix it',
    (failureType) => {
      const zone = zoneOf('zone-a', 10, 5);
      const scenario = new PatternScenario([...zone, ...zoneOf('zone-b', 10, 5)]);
      // A shared database down: every agent of the zone reports it (or a bad rollout: every beat is invalid).
      for (const agent of zone) scenario.fail(agent, failureType);
      scenario.advance(500);

      const located = scenario
        .patterns()
        .filter((pattern) => pattern.scope.kind === 'zone' || pattern.scope.kind === 'host');
      expect(located.map((pattern) => [pattern.type, pattern.scope.kind])).toEqual([]);
    },
  );

  it('still reads a silent host as partitioned when its agents also reported a dependency down', () => {
    const zone = zoneOf('zone-a', 10, 5);
    const scenario = new PatternScenario(zone);
    const host = zone.filter((agent) => agent.hostId === 'zone-a-h3');
    for (const agent of host) scenario.fail(agent, 'dependency-failure');
    for (const agent of host) scenario.fail(agent, 'heartbeat-timeout');
    scenario.advance(500);

    expect(scenario.patterns().map((pattern) => [pattern.type, pattern.scope])).toEqual([
      ['host-partition', { kind: 'host', id: 'zone-a-h3' }],
    ]);
  });

  it('reports k failed agents spread over a large zone as a correlated failure of the zone', () => {
    const zone = zoneOf('zone-a', 50, 4);
    const scenario = new PatternScenario(zone);
    const spread = zone.filter((_, index) => index % 20 === 0);
    expect(spread).toHaveLength(10);
    for (const agent of spread) scenario.fail(agent, 'process-crash');
    scenario.advance(500);

    const correlated = scenario.patternsOfType('correlated-failure');
    expect(correlated).toHaveLength(1);
    expect(correlated[0].scope).toEqual({ kind: 'zone', id: 'zone-a' });
    expect(correlated[0].affectedAgentIds).toHaveLength(10);
    expect(correlated[0].evidence.affectedFraction).toBe(0.05);
  });

  it('does not judge fractions of a zone the registry does not know', () => {
    const scenario = new PatternScenario([]);
    for (const agent of zoneOf('zone-x', 1, 3)) scenario.fail(agent);
    scenario.advance(500);
    expect(scenario.patterns()).toEqual([]);
  });

  it('ends the incident after its active time, so a later outage of the zone is a new pattern', () => {
    const zone = zoneOf('zone-a', 2, 5);
    const scenario = new PatternScenario(zone);
    for (const agent of zone) scenario.fail(agent);
    const [first] = scenario.advance(500);
    scenario.advance(11 * 60_000);
    for (const agent of zone) scenario.fail(agent);
    const [second] = scenario.advance(500);
    expect(second.type).toBe('zone-outage');
    expect(second.revision).toBe(1);
    expect(second.patternId).not.toBe(first.patternId);
  });
});
