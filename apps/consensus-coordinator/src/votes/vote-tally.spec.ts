import { VoteTally } from './vote-tally';

describe('VoteTally', () => {
  it('accepts as soon as the required yes votes are in', () => {
    const tally = new VoteTally(['a', 'b', 'c'], 2);
    expect(tally.ballot('a', true)).toBeUndefined();
    expect(tally.ballot('b', true)).toBe('accepted');
    expect(tally.silent).toEqual(['c']);
  });

  it('rejects as soon as acceptance is impossible, counting unreachable participants', () => {
    const tally = new VoteTally(['a', 'b', 'c'], 2);
    expect(tally.ballot('a', false)).toBeUndefined();
    expect(tally.unreachableParticipant('b')).toBe('rejected');
  });

  it('expires at the deadline when undecided, and keeps the first verdict', () => {
    const tally = new VoteTally(['a', 'b', 'c'], 3);
    tally.ballot('a', true);
    expect(tally.expire()).toBe('expired');
    expect(tally.ballot('b', true)).toBe('expired');
  });

  it('ignores a second ballot from the same participant', () => {
    const tally = new VoteTally(['a', 'b'], 2);
    tally.ballot('a', true);
    expect(tally.ballot('a', true)).toBeUndefined();
    expect(tally.yes).toEqual(['a']);
  });
});
