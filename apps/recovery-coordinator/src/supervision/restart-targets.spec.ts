import {
  joinedTargets,
  MAX_RECORDED_START_ORDER,
  recordedStartOrder,
  restartTargets,
  type SupervisedAgent,
} from './restart-targets';

const agent = (agentId: string, incarnation: number): SupervisedAgent => ({
  agentId,
  hostId: 'host-1',
  incarnation,
});
const a = agent('a', 100);
const b = agent('b', 200);
const c = agent('c', 300);
const d = agent('d', 400);
const ids = (agents: SupervisedAgent[]): string[] => agents.map((target) => target.agentId);

describe('restartTargets', () => {
  it('one_for_one restarts the failed agent alone', () => {
    expect(ids(restartTargets('one_for_one', b, [a, b, c]))).toEqual(['b']);
  });

  it('one_for_all restarts every sibling, in start order', () => {
    expect(ids(restartTargets('one_for_all', c, [d, b, a]))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rest_for_one restarts the failed agent and those started after it (start order = incarnation)', () => {
    expect(ids(restartTargets('rest_for_one', b, [d, c, a]))).toEqual(['b', 'c', 'd']);
    expect(ids(restartTargets('rest_for_one', d, [a, b, c]))).toEqual(['d']);
  });

  it('rest_for_one follows a configured order before the incarnations', () => {
    expect(ids(restartTargets('rest_for_one', b, [a, c, d], ['d', 'b']))).toEqual(['b', 'a', 'c']);
  });

  it('keeps the failed incarnation of the failed agent even when the registry lists a newer one', () => {
    const targets = restartTargets('one_for_all', b, [a, agent('b', 999)]);
    expect(targets.find((target) => target.agentId === 'b')?.incarnation).toBe(200);
  });

  it('escalate restarts nobody', () => {
    expect(restartTargets('escalate', a, [a, b])).toEqual([]);
  });
});

describe('joinedTargets (a failure joining a group run under way)', () => {
  it('rest_for_one: a failing while the run restarts c, d extends the run to a, b, c, d in start order', () => {
    const running = [c, d];
    expect(ids(joinedTargets('rest_for_one', running, a, [b, c, d]))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('restarts again, in their turn, the targets this run already restarted, as OTP restarts every child after a', () => {
    const joined = joinedTargets('rest_for_one', [c, d], a, [b, agent('c', 301), d]);
    expect(joined.map((target) => [target.agentId, target.replaceCurrent ?? false])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
      ['d', true],
    ]);
    expect(joined[0].incarnation).toBe(100);
  });

  it('rest_for_one: a later agent failing adds nobody before it', () => {
    expect(ids(joinedTargets('rest_for_one', [b, c], d, [a, b, c]))).toEqual(['b', 'c', 'd']);
  });

  it('follows the recorded start order, not incarnations reshuffled by earlier restarts', () => {
    const aRestarted = agent('a', 900);
    expect(ids(joinedTargets('rest_for_one', [c, d], aRestarted, [b, c, d], ['a', 'b', 'c', 'd']))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('a newer incarnation of a target failing raises the bar for it; one_for_all restarts the others again', () => {
    const dAgain = agent('d', 401);
    const joined = joinedTargets('one_for_all', [a, b, c, d], dAgain, [a, b, c]);
    expect(joined.map((target) => target.incarnation)).toEqual([100, 200, 300, 401]);
    expect(joined.map((target) => target.replaceCurrent ?? false)).toEqual([true, true, true, false]);
  });

  it('one_for_one: the same agent failing again only raises its bar', () => {
    const bAgain = agent('b', 201);
    expect(joinedTargets('one_for_one', [b], bAgain, [])).toEqual([bAgain]);
    expect(joinedTargets('one_for_one', [bAgain], b, [])).toEqual([bAgain]);
  });
});

describe('recordedStartOrder (the group start order, kept once seen)', () => {
  it('appends agents not seen before in their start order, configured ones first', () => {
    expect(recordedStartOrder([], [d, b, c, a], ['c'])).toEqual(['c', 'a', 'b', 'd']);
  });

  it('keeps an agent where it was first seen even after its restart gives it the newest incarnation', () => {
    const aRestarted = agent('a', 900);
    expect(recordedStartOrder(['a', 'b', 'c'], [aRestarted, b, c, d], [])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('stops recording at MAX_RECORDED_START_ORDER, so the record stays within its size limit', () => {
    const recorded = Array.from({ length: MAX_RECORDED_START_ORDER - 1 }, (_, index) => `agent-${index}`);
    expect(recordedStartOrder(recorded, [a, b, c], [])).toEqual([...recorded, 'a']);
  });
});

describe('recordedStartOrder: departed agents', () => {
  it('drops the ids the registry no longer lists, keeping the relative order of the rest', () => {
    const listed = new Set(['a', 'c', 'd']);
    expect(recordedStartOrder(['a', 'gone-1', 'c', 'gone-2'], [c, a, d], [], (id) => listed.has(id))).toEqual(
      ['a', 'c', 'd'],
    );
  });

  it('keeps a listed agent that is not a running member (a stopped group, restarted later, keeps its order)', () => {
    expect(recordedStartOrder(['a', 'b', 'c'], [c], [], () => true)).toEqual(['a', 'b', 'c']);
  });

  it('makes room under the cap as departed ids go, so a fleet of ephemeral names keeps recording newcomers', () => {
    const departed = Array.from({ length: MAX_RECORDED_START_ORDER }, (_, index) => `ephemeral-${index}`);
    expect(recordedStartOrder(departed, [a, b], [], (id) => id === 'a' || id === 'b')).toEqual(['a', 'b']);
  });
});
