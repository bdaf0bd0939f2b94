import { admitHeartbeat } from './heartbeat-admission';

describe('admitHeartbeat', () => {
  const last = { incarnation: 100, sequence: 7 };
  it.each([
    ['first beat of an agent', undefined, 100, 0, 'new'],
    ['next sequence', last, 100, 8, 'next'],
    ['a gap (lost beats) is still news', last, 100, 12, 'next'],
    ['the same sequence again', last, 100, 7, 'duplicate'],
    ['an older sequence (reordered)', last, 100, 3, 'duplicate'],
    ['a new incarnation, sequence restarting', last, 200, 0, 'restart'],
    ['an older incarnation (zombie)', last, 50, 99, 'stale'],
  ] as const)('%s', (_name, previous, incarnation, sequence, expected) => {
    expect(admitHeartbeat(previous, incarnation, sequence)).toBe(expected);
  });
});
