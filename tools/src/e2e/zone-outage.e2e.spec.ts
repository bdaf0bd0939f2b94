import {
  Escalation,
  FailureDetected,
  PatternDetected,
  RecoveryEvent,
  SubjectWildcards,
} from '@warden/contracts';
import { eventually } from '@warden/testing';
import { SupervisionStack } from './supervision-stack.test-helper';

/** 30 agents over 6 hosts in 3 zones; all of zone-b goes dark 8 s in and stays dark for the whole test. */
const SCENARIO = `
name: e2e-zone-outage
description: a whole zone goes dark; one incident, no restart storm
seed: 11
fleet: { agents: 30, hosts: 6, zones: 3, capabilities: [compute], capacity: 2, heartbeatIntervalMs: 500ms, restartDelayMs: 500ms }
load: { tasksPerAgentPerSecond: 1, taskDurationMs: { mean: 20, jitterRatio: 0.2 } }
duration: 120s
faults:
  - at: 8s
    kind: zone-outage
    target: { zone: zone-b }
    duration: 100s
`;

/** Every service as its own process; fleet-sim's zone outage must become one pattern, not thirty decisions. */
describe('zone outage end to end (separate processes)', () => {
  let stack: SupervisionStack;
  let failures: FailureDetected[];
  let patterns: PatternDetected[];
  let recoveries: RecoveryEvent[];
  let escalations: Escalation[];

  beforeAll(async () => {
    stack = await SupervisionStack.start();
    failures = stack.record(SubjectWildcards.failures, FailureDetected);
    patterns = stack.record(SubjectWildcards.patterns, PatternDetected);
    recoveries = stack.record(SubjectWildcards.recovery, RecoveryEvent);
    escalations = stack.record(SubjectWildcards.escalation, Escalation);
    await stack.runScenario('zone-outage', SCENARIO);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const zoneB = () =>
    new Set(failures.filter((failure) => failure.zone === 'zone-b').map((failure) => failure.agentId));

  it('convicts every agent of the dark zone and no other', async () => {
    await eventually(() => zoneB().size === 10, {
      timeoutMs: 40_000,
      message: 'not all of zone-b was convicted',
    });
    expect(failures.filter((failure) => failure.zone !== 'zone-b')).toEqual([]);
  });

  it('reports one zone-outage incident naming every affected agent', async () => {
    const latest = await eventually(
      () => {
        const outage = patterns.filter((pattern) => pattern.patternType === 'zone-outage');
        const newest = outage.sort((a, b) => b.revision - a.revision)[0];
        return newest && newest.affectedAgentIds.length === 10 && newest;
      },
      { timeoutMs: 30_000, message: 'no zone-outage pattern naming all 10 agents' },
    );
    expect(
      new Set(patterns.filter((pattern) => pattern.patternType === 'zone-outage').map((p) => p.patternId))
        .size,
    ).toBe(1);
    expect(new Set(latest.affectedAgentIds)).toEqual(zoneB());
    expect(latest.scope).toMatchObject({ kind: 'zone', id: 'zone-b' });
  });

  it('escalates instead of restarting the dark zone agent by agent', async () => {
    await eventually(() => escalations.length > 0, { timeoutMs: 30_000, message: 'no escalation' });
    // Absence needs a window: a coordinator that restarted per agent would have commanded within it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const commanded = recoveries.filter((event) => event.phase === 'commanded');
    expect(commanded.map((event) => event.agentId)).toEqual([]);
  });
});
