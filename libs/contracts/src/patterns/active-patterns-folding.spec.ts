import { PatternDetected } from '../messages/pattern.messages';
import { createMessage } from '../validation/parse-message';
import { ActivePatterns } from './active-patterns';

const now = Date.parse('2026-01-31T12:00:00.000Z');

function pattern(overrides: Partial<PatternDetected>): PatternDetected {
  return createMessage(PatternDetected, {
    patternId: 'pattern-1',
    revision: 1,
    patternType: 'zone-outage',
    scope: { kind: 'zone', id: 'zone-b' },
    severity: 'critical',
    affectedAgentIds: ['agent-1'],
    confidence: 0.9,
    evidence: {
      failureIds: ['failure-1'],
      failureCount: 1,
      windowMs: 60_000,
      zones: ['zone-b'],
      hostIds: ['host-1'],
    },
    detectedBy: 'failure-detector-0',
    detectedAt: new Date(now).toISOString(),
    activeUntil: new Date(now + 60_000).toISOString(),
    summary: 'zone-b is down',
    ...overrides,
  });
}

const folding = (candidate: PatternDetected): boolean =>
  candidate.patternType === 'zone-outage' || candidate.patternType === 'host-partition';

describe('ActivePatterns', () => {
  it('keeps the highest revision of an incident', () => {
    const patterns = new ActivePatterns(folding);
    expect(patterns.record(pattern({ revision: 2, affectedAgentIds: ['agent-1', 'agent-2'] }))).toBe(true);
    expect(patterns.record(pattern({ revision: 1 }))).toBe(false);
    expect(patterns.get('pattern-1')?.affectedAgentIds).toEqual(['agent-1', 'agent-2']);
  });

  it('folds a failure by its patternId, by affected agent, or by the host or zone of the pattern', () => {
    const patterns = new ActivePatterns(folding);
    patterns.record(pattern({}));
    patterns.record(
      pattern({
        patternId: 'pattern-2',
        patternType: 'host-partition',
        scope: { kind: 'host', id: 'host-9' },
        affectedAgentIds: [],
      }),
    );
    const elsewhere = { agentId: 'agent-5', hostId: 'host-5', zone: 'zone-a' };
    expect(patterns.foldingPatternFor({ ...elsewhere, patternId: 'pattern-1' }, now)?.patternId).toBe(
      'pattern-1',
    );
    expect(patterns.foldingPatternFor({ ...elsewhere, agentId: 'agent-1' }, now)?.patternId).toBe(
      'pattern-1',
    );
    expect(patterns.foldingPatternFor({ ...elsewhere, zone: 'zone-b' }, now)?.patternId).toBe('pattern-1');
    expect(patterns.foldingPatternFor({ ...elsewhere, hostId: 'host-9' }, now)?.patternId).toBe('pattern-2');
    expect(patterns.foldingPatternFor(elsewhere, now)).toBeUndefined();
  });

  it('does not fold failures into patterns the table does not fold, nor into expired ones', () => {
    const patterns = new ActivePatterns(folding);
    patterns.record(
      pattern({ patternId: 'spike', patternType: 'failure-spike', scope: { kind: 'fleet', id: 'fleet' } }),
    );
    expect(
      patterns.foldingPatternFor({ agentId: 'agent-1', hostId: 'h', zone: 'z', patternId: 'spike' }, now),
    ).toBeUndefined();
    patterns.record(pattern({}));
    expect(
      patterns.foldingPatternFor({ agentId: 'agent-1', hostId: 'h', zone: 'z' }, now + 60_001),
    ).toBeUndefined();
  });
});

describe('ActivePatterns.whenKnown', () => {
  it('resolves when the pattern arrives, and after the timeout when it does not', async () => {
    const patterns = new ActivePatterns(folding);
    let known = false;
    const waiting = patterns.whenKnown('pattern-1', 10_000).then(() => (known = true));
    await Promise.resolve();
    expect(known).toBe(false);
    patterns.record(pattern({}));
    await waiting;
    expect(known).toBe(true);
    await expect(patterns.whenKnown('never', 30)).resolves.toBeUndefined();
  });
});
