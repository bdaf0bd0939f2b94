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

  describe('an attempt a join started (rest_for_one a, b, c): only its own restarts count', () => {
    // Attempt 1 restarted a (100, back as 101) and commanded b (200); a crashed again and joined, so
    // attempt 2 was counted: it restarts a (101) now, then b and c again in their turn. It carries
    // attempt 1's entry for b (b may still be coming back from it) but has not commanded b itself.
    const [a101, a102] = [agent('a', 101), agent('a', 102)];
    const attempt2 = {
      failureIds: ['f1', 'f2'],
      targets: joinedTargets('rest_for_one', [agent('a', 100), b, c], a101, [b, c], ORDER),
      attempt: 2,
      coveredFailures: 2,
      attemptTargets: ORDER,
      commanded: { a: 101, b: 200 },
      commandedAttempt: { a: 2, b: 1 },
    };
    const join = (run: typeof attempt2, failed: SupervisedAgent, siblings: SupervisedAgent[]) => ({
      ...run,
      failureIds: [...run.failureIds, `f${run.failureIds.length + 1}`],
      targets: joinedTargets('rest_for_one', run.targets, failed, siblings, ORDER),
    });

    it('c crashing while a restarts rides on attempt 2: this attempt has commanded neither b nor c', () => {
      const run = join(attempt2, c, [a101, b]);
      expect(joinRestartsAgain(run, notBack)).toBe(false);
    });

    it('a join that adds nothing (b failing while still coming back from attempt 1) rides on attempt 2', () => {
      const run = join(attempt2, b, [a101, c]);
      expect(joinRestartsAgain(run, notBack)).toBe(false);
    });

    it('a crashing again once attempt 2 restarted it is attempt 3', () => {
      const run = join(attempt2, a102, [b, c]);
      expect(joinRestartsAgain(run, notBack)).toBe(true);
    });

    it('b crashing again once attempt 2 commanded it (pinned to 201) is attempt 3', () => {
      const commandedB = {
        ...attempt2,
        targets: [a102, agent('b', 201), { ...c, replaceCurrent: true }],
        commanded: { a: 101, b: 201 },
        commandedAttempt: { a: 2, b: 2 },
      };
      const run = join(commandedB, agent('b', 202), [a102, c]);
      expect(joinRestartsAgain(run, notBack)).toBe(true);
    });

    it("a record of the format before (no commandedAttempt) counts every entry as this attempt's", () => {
      const { commandedAttempt: _none, ...before } = join(attempt2, c, [a101, b]);
      expect(joinRestartsAgain(before, notBack)).toBe(true);
    });
  });
});
