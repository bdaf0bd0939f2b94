import { FleetViewModel } from './fleet-view-model';
import { leadersSection } from './leaders-panel';
import { renderFleetView } from './render-fleet-view';

const NOW = Date.parse('2026-11-30T12:00:10.000Z');
const options = { now: NOW, width: 200, color: false };

describe('leaders panel', () => {
  it('waits for the consensus coordinator until it answers', () => {
    const model = new FleetViewModel(NOW);
    expect(leadersSection(model.snapshot(), options)).toEqual([
      'Leaders',
      '  consensus-coordinator: waiting…',
    ]);
  });

  it('shows each domain with its leader, fencing token and lease age, inside the live view', () => {
    const model = new FleetViewModel(NOW);
    model.leadersSeen({
      lastAnswerAt: NOW,
      leaders: [
        {
          domain: 'consensus-coordinator',
          leaderId: 'consensus-coordinator-1',
          fencingToken: 3,
          leaseTtlMs: 5_000,
          renewedAt: '2026-11-30T12:00:09.000Z',
        },
        {
          domain: 'zone-a-lead',
          leaderId: 'agent-0001',
          fencingToken: 41,
          leaseTtlMs: 2_000,
          renewedAt: '2026-11-30T12:00:09.750Z',
        },
      ],
    });
    const lines = renderFleetView(model.snapshot(), options);
    const at = lines.indexOf('Leaders');
    expect(lines.slice(at, at + 3)).toEqual([
      'Leaders',
      '  consensus-coordinator  consensus-coordinator-1  token 3  renewed 1000 ms ago (TTL 5000 ms)',
      '  zone-a-lead            agent-0001  token 41  renewed 250 ms ago (TTL 2000 ms)',
    ]);
  });
});
