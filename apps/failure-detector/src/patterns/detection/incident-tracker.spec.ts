import { PatternDetected, createMessage } from '@warden/contracts';
import type { PatternCandidate } from '../model/pattern-candidate';
import { IncidentTracker } from './incident-tracker';

const TTL = 60_000;

function outage(
  agents: string[],
  at: number,
  type: PatternCandidate['type'] = 'zone-outage',
): PatternCandidate {
  return {
    type,
    scope: { kind: 'zone', id: 'zone-a' },
    severity: 'critical',
    affectedAgentIds: agents,
    confidence: 0.9,
    evidence: {
      failureIds: agents.map((agent) => `failure-${agent}`),
      failureCount: agents.length,
      windowMs: 60_000,
      zones: ['zone-a'],
      hostIds: ['host-1'],
    },
    recommendedAction: 'replace',
    summary: `${agents.length} agents`,
    lastEvidenceAt: at,
    firstFailureId: `failure-${agents[0]}`,
  };
}

describe('IncidentTracker', () => {
  it('offers an unconfirmed revision again under the same id until it is confirmed', () => {
    const tracker = new IncidentTracker(TTL);
    const [first] = tracker.reconcile([outage(['a1', 'a2'], 0)], 0);
    const [again] = tracker.reconcile([outage(['a1', 'a2'], 0)], 500);
    expect(again).toEqual(first);
    tracker.confirm(first.patternId, first.revision);
    expect(tracker.reconcile([outage(['a1', 'a2'], 0)], 1_000)).toEqual([]);
  });

  it('names the same incident alike on replicas that saw the same failures', () => {
    const [mine] = new IncidentTracker(TTL).reconcile([outage(['a1', 'a2'], 0)], 0);
    const [theirs] = new IncidentTracker(TTL).reconcile([outage(['a1', 'a2'], 400)], 900);
    expect(theirs.patternId).toBe(mine.patternId);
  });

  it('continues an adopted incident with its patternId and the next revision', () => {
    const tracker = new IncidentTracker(TTL);
    const published = createMessage(PatternDetected, {
      patternId: 'correlated-abc',
      revision: 4,
      patternType: 'zone-outage',
      scope: { kind: 'zone', id: 'zone-a' },
      severity: 'critical',
      affectedAgentIds: ['a1', 'a2'],
      confidence: 0.9,
      evidence: {
        failureIds: ['failure-a1'],
        failureCount: 2,
        windowMs: 60_000,
        zones: ['zone-a'],
        hostIds: [],
      },
      detectedBy: 'detector-1',
      detectedAt: new Date(0).toISOString(),
      activeUntil: new Date(TTL).toISOString(),
      summary: 'zone outage',
    });
    tracker.adopt(published, TTL);
    expect(tracker.reconcile([outage(['a1'], 1_000)], 1_000)).toEqual([]);
    const [next] = tracker.reconcile([outage(['a3'], 2_000)], 2_000);
    expect(next).toMatchObject({
      patternId: 'correlated-abc',
      revision: 5,
      affectedAgentIds: ['a1', 'a2', 'a3'],
    });
  });

  it('never turns a zone outage back into a milder reading of the same incident', () => {
    const tracker = new IncidentTracker(TTL);
    const [first] = tracker.reconcile([outage(['a1', 'a2'], 0)], 0);
    tracker.confirm(first.patternId, first.revision);
    const [grown] = tracker.reconcile([outage(['a3'], 100, 'correlated-failure')], 100);
    expect(grown).toMatchObject({ patternId: first.patternId, type: 'zone-outage', revision: 2 });
  });
});
