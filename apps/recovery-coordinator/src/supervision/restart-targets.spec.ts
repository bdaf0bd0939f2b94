import { restartTargets, type SupervisedAgent } from './restart-targets';

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
