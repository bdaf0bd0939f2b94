import { Matcher } from '../domain/matcher';
import { SilenceSet, silenceStateAt, type Silence } from './silence';

const silence = (overrides: Partial<Silence> = {}): Silence => ({
  id: 's1',
  matchers: [Matcher.parse('zone="z1"'), Matcher.parse('severity=~"low|medium"')],
  startsAt: 1_000,
  endsAt: 2_000,
  createdBy: 'ops',
  comment: 'maintenance',
  updatedAt: 0,
  ...overrides,
});

describe('silences', () => {
  it('are pending, active, then expired', () => {
    expect(silenceStateAt(silence(), 999)).toBe('pending');
    expect(silenceStateAt(silence(), 1_000)).toBe('active');
    expect(silenceStateAt(silence(), 2_000)).toBe('expired');
  });

  it('mute only while active, and only alerts every matcher matches', () => {
    const set = new SilenceSet();
    set.put(silence());
    set.put(silence({ id: 's2', matchers: [Matcher.parse('zone="z1"')], startsAt: 5_000, endsAt: 6_000 }));
    expect(set.mutedBy({ zone: 'z1', severity: 'low' }, 1_500)).toEqual(['s1']);
    expect(set.mutedBy({ zone: 'z1', severity: 'critical' }, 1_500)).toEqual([]);
    expect(set.mutedBy({ zone: 'z1', severity: 'low' }, 2_500)).toEqual([]);
    expect(set.mutedBy({ zone: 'z1', severity: 'critical' }, 5_500)).toEqual(['s2']);
  });
});
