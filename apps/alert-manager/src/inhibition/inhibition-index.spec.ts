import { Matcher } from '../domain/matcher';
import { alertWith } from '../testing/alert-fixtures.test-helper';
import { InhibitionIndex } from './inhibition-index';
import type { InhibitionRule } from './inhibition-rule';

const rule: InhibitionRule = {
  name: 'critical-mutes-warning',
  sourceMatchers: [Matcher.parse('severity="critical"')],
  targetMatchers: [Matcher.parse('severity="medium"')],
  equal: ['zone'],
};
const noTopology = { enabled: false, patterns: [] };

describe('InhibitionIndex', () => {
  it('mutes a target that shares the equal labels with a firing source', () => {
    const source = alertWith({ alertname: 'Zone', severity: 'critical', zone: 'z1' });
    const sameZone = alertWith({ alertname: 'Slow', severity: 'medium', zone: 'z1' });
    const otherZone = alertWith({ alertname: 'Slow', severity: 'medium', zone: 'z2' });
    const index = new InhibitionIndex([rule], noTopology, [source, sameZone, otherZone], Date.now());
    expect(index.inhibitorsOf(sameZone)).toEqual([source.fingerprint]);
    expect(index.inhibitorsOf(otherZone)).toEqual([]);
  });

  it('ignores a resolved source, and an alert cannot inhibit itself', () => {
    const both: InhibitionRule = { ...rule, targetMatchers: [Matcher.parse('zone="z1"')] };
    const self = alertWith({ alertname: 'Zone', severity: 'critical', zone: 'z1' });
    const resolved = alertWith(
      { alertname: 'Old', severity: 'critical', zone: 'z1' },
      { endsAt: Date.now() - 1 },
    );
    const index = new InhibitionIndex([both], noTopology, [self, resolved], Date.now());
    expect(index.inhibitorsOf(self)).toEqual([]);
  });

  it('does not let two alerts that each match both sides of a rule mute each other (Alertmanager two-sided exclusion)', () => {
    const overlapping: InhibitionRule = {
      ...rule,
      sourceMatchers: [Matcher.parse('severity=~"critical|high"')],
      targetMatchers: [Matcher.parse('severity=~"high|medium"')],
    };
    const highA = alertWith({ alertname: 'A', severity: 'high', zone: 'z1' });
    const highB = alertWith({ alertname: 'B', severity: 'high', zone: 'z1' });
    const index = new InhibitionIndex([overlapping], noTopology, [highA, highB], Date.now());
    expect(index.inhibitorsOf(highA)).toEqual([]);
    expect(index.inhibitorsOf(highB)).toEqual([]);
  });

  it('lets a source that also matches the target side mute targets that do not match the source side', () => {
    const overlapping: InhibitionRule = {
      ...rule,
      sourceMatchers: [Matcher.parse('severity=~"critical|high"')],
      targetMatchers: [Matcher.parse('severity=~"high|medium"')],
    };
    const critical = alertWith({ alertname: 'C', severity: 'critical', zone: 'z1' });
    const high = alertWith({ alertname: 'H', severity: 'high', zone: 'z1' });
    const medium = alertWith({ alertname: 'M', severity: 'medium', zone: 'z1' });
    const index = new InhibitionIndex([overlapping], noTopology, [critical, high, medium], Date.now());
    // A source-only alert inhibits a two-sided one; a two-sided source inhibits a target-only one.
    expect(index.inhibitorsOf(high)).toEqual([critical.fingerprint]);
    expect(index.inhibitorsOf(medium)).toEqual([critical.fingerprint, high.fingerprint].sort());
    expect(index.inhibitorsOf(critical)).toEqual([]);
  });

  it('folds per-agent alerts into a zone-outage alert that names their agents, with no rule written', () => {
    const outage = alertWith(
      { alertname: 'FailurePattern', pattern: 'zone-outage', zone: 'z1', severity: 'critical' },
      { agentIds: ['agent-1', 'agent-2'] },
    );
    const explained = alertWith({ alertname: 'AgentFailure', agent: 'agent-1', zone: 'z1' });
    const unrelated = alertWith({ alertname: 'AgentFailure', agent: 'agent-9', zone: 'z1' });
    const topology = { enabled: true, patterns: ['zone-outage'] };
    const index = new InhibitionIndex([], topology, [outage, explained, unrelated], Date.now());
    expect(index.inhibitorsOf(explained)).toEqual([outage.fingerprint]);
    expect(index.inhibitorsOf(unrelated)).toEqual([]);
    expect(
      new InhibitionIndex([], noTopology, [outage, explained], Date.now()).inhibitorsOf(explained),
    ).toEqual([]);
  });
});
