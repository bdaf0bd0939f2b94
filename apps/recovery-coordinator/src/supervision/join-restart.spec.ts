import { joinRestartsAgain, type AttemptInFlight } from './join-restart';
import { joinedTargets, type SupervisedAgent } from './restart-targets';

const agent = (agentId: string, incarnation: number): SupervisedAgent => ({
  agentId,
  hostId: 'host-1',
  incarnation,
});
const [a, b, c] = [agent('a', 100), agent('b', 200), agent('c', 300)];
const ORDER = ['a', 'b', 'c'];
const notBack = () => false;

/** Attempt 1 of a one_for_all run for a's crash: admitted for a, b, c; `commanded` so far. */
function attempt(commanded: Record<string, number>, targets = [a, b, c]): AttemptInFlight<SupervisedAgent> {
  return { failureIds: ['f1'], targets, coveredFailures: 1, attemptTargets: ORDER, commanded };
}

function joined(run: AttemptInFlight<SupervisedAgent>, failed: SupervisedAgent, siblings: SupervisedAgent[]) {
  return {
    ...run,
    failureIds: [...run.failureIds, `f${run.failureIds.length + 1}`],
    targets: joinedTargets('one_for_all', run.targets, failed, siblings, ORDER),
  };
}

describe('joinRestartsAgain (a join must not restart a group for free)', () => {
  it('one_for_all: a restarted agent crashing again while b restarts restarts the group again: a new attempt', () => {
    const aBack = agent('a', 101);
    const run = joined(attempt({ a: 100, b: 200 }), aBack, [agent('b', 200), c]);
    expect(joinRestartsAgain(run, notBack)).toBe(true);
  });

  it('every crash of the loop is a new attempt, not only the first', () => {
    const second = { ...joined(attempt({ a: 100, b: 200 }), agent('a', 101), [b, c]), coveredFailures: 2 };
    expect(joinRestartsAgain(second, notBack)).toBe(false);
    const third = joined({ ...second, commanded: { a: 101 } }, agent('a', 102), [b, c]);
    expect(joinRestartsAgain(third, notBack)).toBe(true);
  });

  it('a failure of an agent not commanded yet rides on the attempt: its restart is the one already counted', () => {
    const run = joined(attempt({}), c, [a, b]);
    expect(joinRestartsAgain(run, notBack)).toBe(false);
  });

  it('an agent the attempt was not admitted for (rest_for_one: an earlier agent failing) is a new attempt', () => {
    const run: AttemptInFlight<SupervisedAgent> = {
      failureIds: ['f1', 'f2'],
      targets: joinedTargets('rest_for_one', [c], a, [b, c], ORDER),
      coveredFailures: 1,
      attemptTargets: ['c'],
      commanded: {},
    };
    expect(joinRestartsAgain(run, notBack)).toBe(true);
  });

  it('targets already back with a new incarnation need nothing', () => {
    const run = joined(attempt({ a: 100, b: 200 }), agent('a', 101), [b, c]);
    expect(joinRestartsAgain(run, () => true)).toBe(false);
  });

  it('a run recorded before joins were counted (no coveredFailures) is left as it is', () => {
    const { coveredFailures: _none, ...old } = joined(attempt({ a: 100 }), agent('a', 101), [b, c]);
    expect(joinRestartsAgain(old, notBack)).toBe(false);
  });
});
