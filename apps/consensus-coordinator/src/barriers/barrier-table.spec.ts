import { BarrierTable, type Arrival } from './barrier-table';

const arrival = (participantId: string, overrides: Partial<Arrival> = {}): Arrival => ({
  barrierId: 'stage-2',
  phase: 'enter',
  participantId,
  expectedParticipants: 3,
  timeoutMs: 1_000,
  ...overrides,
});

describe('BarrierTable', () => {
  it('releases every participant together when the last one arrives', () => {
    const barriers = new BarrierTable();
    const a = barriers.arrive(arrival('a'), 0);
    const b = barriers.arrive(arrival('b'), 1);
    expect(a.decisions).toEqual([]);
    const c = barriers.arrive(arrival('c'), 2);
    expect(c.decisions.map((d) => d.waiter).sort()).toEqual([a.waiter, b.waiter, c.waiter].sort());
    expect(c.decisions[0].result).toEqual(
      expect.objectContaining({ outcome: 'released', participantIds: ['a', 'b', 'c'] }),
    );
  });

  it('times out for everyone at the earliest deadline', () => {
    const barriers = new BarrierTable();
    barriers.arrive(arrival('a', { timeoutMs: 5_000 }), 0);
    barriers.arrive(arrival('b', { timeoutMs: 1_000 }), 0);
    expect(barriers.expire(999)).toEqual([]);
    const ended = barriers.expire(1_000);
    expect(ended).toHaveLength(2);
    expect(ended[0].result).toEqual(
      expect.objectContaining({ outcome: 'timed-out', reason: '2 of 3 participants arrived in time' }),
    );
  });

  it('is broken for everyone when a participant that arrived is convicted', () => {
    const barriers = new BarrierTable();
    barriers.arrive(arrival('a'), 0);
    barriers.arrive(arrival('b'), 0);
    const broken = barriers.convict('b');
    expect(broken).toHaveLength(2);
    expect(broken[0].result).toEqual(
      expect.objectContaining({ outcome: 'broken', failedParticipantIds: ['b'] }),
    );
  });

  it('double barrier: a member that entered and fails breaks the leave phase of the others', () => {
    const barriers = new BarrierTable();
    for (const id of ['a', 'b', 'c']) barriers.arrive(arrival(id), 0);
    barriers.arrive(arrival('a', { phase: 'leave' }), 10);
    barriers.arrive(arrival('b', { phase: 'leave' }), 10);
    const broken = barriers.convict('c');
    expect(broken.map((d) => d.result.outcome)).toEqual(['broken', 'broken']);
    expect(broken[0].result.phase).toBe('leave');
  });

  it('is broken when arrivals disagree on the participant count', () => {
    const barriers = new BarrierTable();
    barriers.arrive(arrival('a'), 0);
    const b = barriers.arrive(arrival('b', { expectedParticipants: 4 }), 0);
    expect(b.decisions.map((d) => d.result.outcome)).toEqual(['broken', 'broken']);
  });
});
