import type { AcceptorState, AcceptorStore } from './acceptor-store';
import { PaxosAcceptor } from './paxos-acceptor';

class MemoryStore implements AcceptorStore {
  readonly states = new Map<string, AcceptorState>();
  async load(id: string) {
    return this.states.get(id);
  }
  async save(id: string, state: AcceptorState) {
    this.states.set(id, state);
  }
}

const ballot = (round: number, proposerId = 'p1') => ({ round, proposerId });

describe('PaxosAcceptor', () => {
  it('promises a higher ballot and reports what it accepted before', async () => {
    const store = new MemoryStore();
    const acceptor = new PaxosAcceptor('a1', store);
    expect(await acceptor.prepare('i', ballot(1))).toEqual(expect.objectContaining({ promised: true }));
    expect(await acceptor.accept('i', ballot(1), 'x')).toEqual(expect.objectContaining({ accepted: true }));
    expect(await acceptor.prepare('i', ballot(2, 'p2'))).toEqual(
      expect.objectContaining({ promised: true, acceptedBallot: ballot(1), acceptedValue: 'x' }),
    );
  });

  it('refuses an equal or lower ballot, and an accept below its promise', async () => {
    const acceptor = new PaxosAcceptor('a1', new MemoryStore());
    await acceptor.prepare('i', ballot(2, 'p1'));
    expect(await acceptor.prepare('i', ballot(2, 'p1'))).toEqual(
      expect.objectContaining({ promised: false, highestPromised: ballot(2, 'p1') }),
    );
    expect(await acceptor.prepare('i', ballot(2, 'p0'))).toEqual(
      expect.objectContaining({ promised: false }),
    );
    expect(await acceptor.accept('i', ballot(1, 'p9'), 'y')).toEqual(
      expect.objectContaining({ accepted: false }),
    );
  });

  it('remembers across a restart (a new acceptor on the same store)', async () => {
    const store = new MemoryStore();
    await new PaxosAcceptor('a1', store).prepare('i', ballot(5));
    expect(await new PaxosAcceptor('a1', store).prepare('i', ballot(4))).toEqual(
      expect.objectContaining({ promised: false }),
    );
  });

  it('handles concurrent requests for one instance one at a time', async () => {
    const acceptor = new PaxosAcceptor('a1', new MemoryStore());
    const replies = await Promise.all([acceptor.prepare('i', ballot(3)), acceptor.prepare('i', ballot(3))]);
    expect(replies.map((r) => r.promised).sort()).toEqual([false, true]);
  });
});
