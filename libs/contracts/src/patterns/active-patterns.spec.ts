import { createMessage } from '../validation/parse-message';
import type { Severity } from '../messages/common/severity';
import { PatternDetected } from '../messages/pattern.messages';
import { ActivePatterns } from './active-patterns';

const T0 = Date.parse('2026-01-31T12:00:00.000Z');

function pattern(
  patternId: string,
  revision: number,
  agents: string[],
  { severity = 'critical', activeForMs = 60_000 }: { severity?: Severity; activeForMs?: number } = {},
): PatternDetected {
  return createMessage(PatternDetected, {
    patternId,
    revision,
    patternType: 'zone-outage',
    scope: { kind: 'zone', id: 'zone-a' },
    severity,
    affectedAgentIds: agents,
    confidence: 0.9,
    evidence: {
      failureIds: [],
      failureCount: agents.length,
      windowMs: 60_000,
      zones: ['zone-a'],
      hostIds: [],
    },
    detectedBy: 'detector-1',
    detectedAt: new Date(T0 + revision).toISOString(),
    activeUntil: new Date(T0 + activeForMs).toISOString(),
    summary: 'zone outage',
  });
}

describe('ActivePatterns', () => {
  it('keeps the highest revision of a pattern whatever order revisions arrive in', () => {
    const active = new ActivePatterns();
    expect(active.record(pattern('p1', 2, ['a1', 'a2']))).toBe(true);
    expect(active.record(pattern('p1', 1, ['a1']))).toBe(false);
    expect(active.patternFor('a2', T0)).toBe('p1');
    expect(active.active(T0).map((entry) => entry.pattern.revision)).toEqual([2]);
  });

  it('maps the agents a later revision adds, and forgets agents a revision no longer names', () => {
    const active = new ActivePatterns();
    active.record(pattern('p1', 1, ['a1', 'a2']));
    active.record(pattern('p1', 2, ['a2', 'a3']));
    expect(active.patternFor('a3', T0)).toBe('p1');
    expect(active.patternFor('a1', T0)).toBeUndefined();
  });

  it('explains an agent by its most severe active pattern', () => {
    const active = new ActivePatterns();
    active.record(pattern('medium', 1, ['a1'], { severity: 'medium' }));
    active.record(pattern('critical', 1, ['a1'], { severity: 'critical' }));
    expect(active.patternFor('a1', T0)).toBe('critical');
    expect(active.patternsFor('a1', T0).map((entry) => entry.pattern.patternId)).toEqual([
      'critical',
      'medium',
    ]);
  });

  it('stops explaining an agent once the pattern is past its activeUntil', () => {
    const active = new ActivePatterns();
    active.record(pattern('p1', 1, ['a1'], { activeForMs: 1_000 }));
    expect(active.patternFor('a1', T0 + 999)).toBe('p1');
    expect(active.patternFor('a1', T0 + 1_000)).toBeUndefined();
    active.expire(T0 + 1_000);
    expect(active.active(T0)).toEqual([]);
  });
});
